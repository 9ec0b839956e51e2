"""Shared machinery every domain uses: database, errors, pagination, ETags, ROC dates, i18n."""
