import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrors } from "../../../api/client";
import { organizationQueries, organizationWrites, readOrganization } from "../../../api/organizations";
import type { Organization, OrganizationUpdate } from "../../../api/types";
import { useGuardedMutation } from "../../../api/useGuardedMutation";
import { GuardedConflict, Notice, SaveButton } from "../../../components/Conflict";
import { SelectField, TextField } from "../../../components/Fields";
import { FormButtons } from "../../../components/FormButtons";
import { ErrorMessage, FormError, Loading } from "../../../components/StateViews";
import { CONTENT_LANG } from "../../../i18n/contentLang";
import { useDocumentTitle } from "../../../lib/useDocumentTitle";

type Names = Pick<Organization, "name_zh" | "name_en" | "short_name_zh" | "short_name_en">;
const NAME_FIELDS: readonly (keyof Names)[] = ["name_zh", "name_en", "short_name_zh", "short_name_en"];
const EMPTY: Names = { name_zh: "", name_en: "", short_name_zh: "", short_name_en: "" };

/** 機關與所屬單位 (administrators): the organisation tree; units created under an enterprise and renamed. */
export function OrganizationsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t("organizations.heading"));
  const all = useQuery(organizationQueries.all());
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  if (all.isPending) return <Loading />;
  if (all.isError) return <ErrorMessage error={all.error} onRetry={() => void all.refetch()} />;
  const items = all.data.items;
  const childrenOf = (id: number | null) => items.filter((o) => o.parent_id === id);
  const enterprises = items.filter((o) => o.kind === "enterprise");
  const done = (message: string | null) => {
    setNotice(message);
    setCreating(false);
    setRenaming(null);
  };

  const branch = (o: Organization) => {
    const below = childrenOf(o.id);
    return (
      <li key={o.id}>
        <span lang={CONTENT_LANG}>{o.name_zh}</span> <span className="muted">{`(${o.code}・${t(`organizations.kind.${o.kind}`)})`}</span>
        {o.kind === "unit" && (
          <>
            {" "}
            <button
              type="button"
              className="button button--quiet"
              aria-label={t("organizations.renameNamed", { name: o.name_zh })}
              onClick={() => {
                setNotice(null);
                setCreating(false);
                setRenaming(o.code);
              }}
            >
              {t("organizations.rename")}
            </button>
          </>
        )}
        {below.length > 0 && <ul>{below.map(branch)}</ul>}
      </li>
    );
  };
  // The roots: organisations whose parent is not in the list (the ministry, or any without one).
  const ids = new Set(items.map((o) => o.id));
  const roots = items.filter((o) => o.parent_id === null || !ids.has(o.parent_id));

  return (
    <div className="admin-page">
      <div className="page-heading">
        <h1>{t("organizations.heading")}</h1>
        {!creating && (
          <button
            type="button"
            className="button"
            onClick={() => {
              setNotice(null);
              setRenaming(null);
              setCreating(true);
            }}
          >
            {t("organizations.create")}
          </button>
        )}
      </div>
      <p>{t("organizations.intro")}</p>
      {notice && <Notice>{notice}</Notice>}
      {creating && <CreateUnitForm enterprises={enterprises} onDone={done} />}
      {renaming && <RenameUnit key={renaming} code={renaming} onDone={done} />}
      <section aria-labelledby="tree-heading">
        <h2 id="tree-heading">{t("organizations.tree")}</h2>
        <ul className="organization-tree">{roots.map(branch)}</ul>
      </section>
    </div>
  );
}

function NameFields({
  names,
  onChange,
  errors,
}: {
  names: Names;
  onChange: (names: Names) => void;
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation();
  return (
    <>
      {NAME_FIELDS.map((field) => (
        <TextField
          key={field}
          label={t(`organizations.${field}`)}
          value={names[field]}
          onChange={(e) => onChange({ ...names, [field]: e.target.value })}
          error={errors[field]}
          maxLength={field.startsWith("short") ? 100 : 200}
          required
        />
      ))}
    </>
  );
}

function CreateUnitForm({ enterprises, onDone }: { enterprises: readonly Organization[]; onDone: (notice: string | null) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [parent, setParent] = useState(enterprises[0]?.code ?? "");
  const [code, setCode] = useState("");
  const [names, setNames] = useState<Names>(EMPTY);
  const create = useMutation({
    mutationFn: organizationWrites.create,
    onSuccess: async (unit) => {
      await client.invalidateQueries({ queryKey: ["organizations"] });
      onDone(t("organizations.created", { name: unit.name_zh }));
    },
  });
  const errors = fieldErrors(create.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ parent, code: code.trim(), ...names });
  };
  return (
    <section className="panel form-panel" aria-labelledby="create-unit-heading">
      <h2 id="create-unit-heading">{t("organizations.createHeading")}</h2>
      <FormError error={create.error} />
      <form className="form form--grid" onSubmit={submit} noValidate>
        <SelectField label={t("organizations.parent")} value={parent} onChange={(e) => setParent(e.target.value)} error={errors.parent}>
          {enterprises.map((o) => (
            <option key={o.code} value={o.code}>
              {o.name_zh}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t("organizations.code")}
          hint={t("organizations.codeHint")}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.code}
          maxLength={64}
          autoComplete="off"
          required
        />
        <NameFields names={names} onChange={setNames} errors={errors} />
        <FormButtons busy={create.isPending} submit={t("form.create")} onCancel={() => onDone(null)} />
      </form>
    </section>
  );
}

function RenameUnit({ code, onDone }: { code: string; onDone: (notice: string | null) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const current = useQuery({ queryKey: ["organization", code], queryFn: () => readOrganization(code), staleTime: 0 });
  const [draft, setDraft] = useState<Names | null>(null);
  const rename = useGuardedMutation({
    write: (etag, body: OrganizationUpdate) => organizationWrites.rename(code, etag, body),
    read: () => readOrganization(code),
    onSaved: async (saved) => {
      client.setQueryData(["organization", code], saved);
      await client.invalidateQueries({ queryKey: ["organizations"] });
      setDraft(null);
      onDone(t("organizations.renamed", { name: saved.data.name_zh }));
    },
    onDiscarded: () => {
      setDraft(null);
      void current.refetch();
    },
  });
  if (current.isPending) return <Loading />;
  if (current.isError) return <ErrorMessage error={current.error} onRetry={() => void current.refetch()} />;
  const unit = current.data.data;
  const names = draft ?? {
    name_zh: unit.name_zh,
    name_en: unit.name_en,
    short_name_zh: unit.short_name_zh,
    short_name_en: unit.short_name_en,
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    // Only the names changed, guarded by the ETag of the unit as it was read.
    const body: OrganizationUpdate = {};
    for (const field of NAME_FIELDS) if (names[field] !== unit[field]) body[field] = names[field];
    void rename.save(current.data.etag, body);
  };
  return (
    <section className="panel form-panel" aria-labelledby="rename-unit-heading">
      <h2 id="rename-unit-heading">{t("organizations.renameHeading", { code })}</h2>
      <GuardedConflict
        guard={rename}
        describe={(now) => (
          <p lang={CONTENT_LANG}>
            {now.name_zh}（{now.short_name_zh}）／{now.name_en} ({now.short_name_en})
          </p>
        )}
      />
      <FormError error={rename.error} />
      <form className="form form--grid" onSubmit={save} noValidate>
        <NameFields names={names} onChange={setDraft} errors={rename.fieldErrors} />
        <div className="form__actions">
          <SaveButton busy={rename.busy} saved={rename.saved} />
          <button type="button" className="button button--quiet" onClick={() => onDone(null)}>
            {t("form.close")}
          </button>
        </div>
      </form>
    </section>
  );
}
