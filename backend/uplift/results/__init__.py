"""The year-end results report (執行績效與成果報告), its due date and who is late."""
