import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Measure } from "../../../api/editor";
import { TextField } from "../../../components/Fields";
import { FormButtons } from "../../../components/FormButtons";
import { CONTENT_LANG } from "../../../i18n/contentLang";

type SubItem = Measure["sub_items"][number];

/** A sub-item's code and text, in one line: adding one, or changing one in its row. */
export function SubItemForm({
  initial,
  label,
  submit,
  busy,
  onSubmit,
  onCancel,
}: {
  initial?: SubItem;
  /** Names the form when nothing around it does (adding). */
  label?: string;
  submit: string;
  busy: boolean;
  onSubmit: (body: { code: string | null; text: string }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState(initial?.code ?? "");
  const [text, setText] = useState(initial?.text ?? "");
  return (
    <form
      className="form form--inline editor-form"
      aria-label={label}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit({ code: code.trim() || null, text: text.trim() });
      }}
    >
      <TextField label={t("editor.code")} value={code} onChange={(e) => setCode(e.target.value)} size={4} />
      <TextField
        label={t("editor.text")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        className="field--grow"
        lang={CONTENT_LANG}
      />
      <FormButtons busy={busy} submit={submit} onCancel={onCancel} />
    </form>
  );
}
