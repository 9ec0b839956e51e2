import { useMutation, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { evidenceQueries, progressWrites } from "../../api/progress";
import type { EvidenceFileRef, StoredFile } from "../../api/types";
import { TextField } from "../../components/Fields";
import { CONTENT_LANG } from "../../i18n/contentLang";
import { fileSize, limitSize } from "../../lib/fileSize";

/** "上傳佐證檔案": a file is uploaded as soon as it is chosen, then becomes an evidence row. */
export function EvidenceUpload({
  disabled,
  onUploaded,
  label,
}: {
  disabled: boolean;
  onUploaded: (file: StoredFile) => void;
  /** What the file is for; 上傳佐證檔案 by default. */
  label?: string;
}) {
  const { t } = useTranslation();
  // What this server takes (UPLIFT_EVIDENCE_MAX_BYTES, kit/storage.py DOCUMENT_TYPES); it checks each file again.
  const limits = useQuery(evidenceQueries.limits());
  const size = limits.data ? limitSize(limits.data.max_bytes) : "…";
  const upload = useMutation({ mutationFn: progressWrites.uploadEvidence, onSuccess: onUploaded });
  const tooLarge = upload.error instanceof ApiError && upload.error.status === 413;
  const error = upload.error ? (tooLarge ? t("progress.uploadTooLarge", { size }) : upload.error.message) : null;
  return (
    <TextField
      className="evidence-upload"
      label={label ?? t("progress.uploadEvidence")}
      hint={upload.isPending ? t("progress.uploading") : t("progress.uploadHint", { size })}
      type="file"
      accept={limits.data?.accepted.join(",")}
      disabled={disabled || upload.isPending}
      error={error}
      onChange={(e) => {
        const file = e.target.files?.[0];
        e.target.value = ""; // the same file may be chosen again
        if (file) upload.mutate(file);
      }}
    />
  );
}

/** An uploaded file: its name and a download link, its size and the start of its SHA-256. */
export function FileFacts({ file }: { file: EvidenceFileRef }) {
  const { t } = useTranslation();
  return (
    <span className="evidence-file">
      <a href={file.download_url} download={file.filename} lang={CONTENT_LANG}>
        {file.filename}
      </a>{" "}
      {t("progress.fileFacts", { size: fileSize(file.size), sha: file.sha256.slice(0, 12) })}
    </span>
  );
}
