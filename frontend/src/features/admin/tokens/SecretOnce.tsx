import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/** A secret, once (an API token's: the server keeps only its hash; a webhook's signing secret). Focus moves here so it is read out first. */
export function SecretOnce({
  secret,
  heading,
  warning,
  label,
  onDone,
}: {
  secret: string;
  heading: string;
  warning: string;
  label: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [copy, setCopy] = useState<"idle" | "copied" | "failed">("idle");
  const ref = useRef<HTMLElement>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);

  const doCopy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopy("copied");
    } catch {
      input.current?.select();
      setCopy(document.execCommand?.("copy") ? "copied" : "failed");
    }
  };

  return (
    <section className="panel secret" aria-labelledby="secret-heading" tabIndex={-1} ref={ref}>
      <h2 id="secret-heading">{heading}</h2>
      <p className="secret__warning">
        <strong>{warning}</strong>
      </p>
      <div className="field">
        <label htmlFor="token-secret">{label}</label>
        <div className="secret__row">
          <input id="token-secret" ref={input} readOnly value={secret} className="secret__value" onFocus={(e) => e.target.select()} />
          <button type="button" className="button" onClick={() => void doCopy()}>
            {t("tokens.copy")}
          </button>
        </div>
      </div>
      <p role="status" className="notice-inline">
        {copy === "copied" ? t("tokens.copied") : copy === "failed" ? t("tokens.copyFailed") : ""}
      </p>
      <button type="button" className="button button--quiet" onClick={onDone}>
        {t("tokens.done")}
      </button>
    </section>
  );
}
