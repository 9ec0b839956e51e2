"""The words of notifications and e-mails, zh-TW first and English second.

An in-app notification stores its kind and a payload of ids and values (never text another
organisation may not read); its title is worded here when it is read, so a wording change
reaches old notifications too. An e-mail is worded when it is queued (it is sent as it was
written), in the recipient's language first and the other second, as plain text and HTML.
"""

from dataclasses import dataclass
from datetime import date
from html import escape
from typing import Any

from uplift.kit.roc_date import format_roc
from uplift.models import Language

STAGE_TITLES: dict[str, tuple[str, str]] = {
    "before": ("管考事項將於 {n} 個工作天後到期", "A follow-up is due in {n} working day{s}"),
    "due": ("管考事項今日到期", "A follow-up is due today"),
    "overdue": ("管考事項已逾期", "A follow-up is overdue"),
    "overdue-week": ("管考事項已逾期 {n} 週", "A follow-up is {n} week{s} overdue"),
}

EVENT_TITLES: dict[str, tuple[str, str]] = {
    "finding.issued": ("新的審查意見已發文", "A finding was issued"),
    "finding.published": ("審查意見已公開", "A finding was published"),
    "finding.corrected": ("審查意見已更正", "A finding was corrected"),
    "follow_up.opened": ("新的列管事項", "A new follow-up is tracked"),
    "follow_up.answered": ("事業已回覆辦理情形，待審核", "An answer awaits your decision"),
    "follow_up.decided": ("管考事項已審核", "A follow-up was decided"),
    "follow_up.extension_requested": ("事業申請展延，待審核", "An extension awaits your decision"),
    "follow_up.extension_decided": ("展延申請已審核", "An extension request was decided"),
    "follow_up.deadline_passed": ("管考事項已逾期", "A follow-up's deadline has passed"),
}


def stage_parts(stage: str) -> tuple[str, int]:
    """("before", 5) for before-5, ("overdue-week", 2) for overdue-week-2, ("due", 0)."""
    head, _, tail = stage.rpartition("-")
    if tail.isdigit():
        return head, int(tail)
    return stage, 0


def title(kind: str, payload: dict[str, Any]) -> tuple[str, str]:
    """A notification's title in zh-TW and English."""
    if kind.startswith("reminder."):
        family, n = stage_parts(kind.removeprefix("reminder."))
        zh, en = STAGE_TITLES.get(family, ("管考事項提醒", "A follow-up reminder"))
        plural = "" if n == 1 else "s"
        return zh.format(n=n), en.format(n=n, s=plural)
    if kind == "digest":
        return "待審核事項摘要", "What awaits your decision"
    return EVENT_TITLES.get(kind, (kind, kind))


def link(object_type: str, object_id: int, payload: dict[str, Any]) -> str:
    """The web app's page a notification leads to (a path; e-mails prefix public_url)."""
    if object_type == "follow_up":
        return f"/follow-ups/{object_id}"
    if payload.get("follow_up_id"):
        return f"/follow-ups/{payload['follow_up_id']}"
    if object_type == "finding":
        return "/published-findings" if payload.get("published") else "/follow-ups"
    return "/notifications"


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Lines:
    """One message's words in one language: a heading and lines of detail."""

    heading: str
    lines: list[str]


def _both(language: Language, zh: Lines, en: Lines) -> list[Lines]:
    return [zh, en] if language == Language.zh_tw else [en, zh]


def compose(language: Language, zh: Lines, en: Lines, url: str) -> Mail:
    """An e-mail in the recipient's language first, the other second; a link to the page."""
    parts = _both(language, zh, en)
    subject = f"[Uplift] {parts[0].heading} / {parts[1].heading}"
    text_blocks = ["\n".join([p.heading, "", *p.lines]) for p in parts]
    text = "\n\n----\n\n".join(text_blocks) + f"\n\n{url}\n"
    html_blocks = [
        f'<section lang="{"zh-Hant-TW" if p is zh else "en"}"><h1>{escape(p.heading)}</h1>'
        + "".join(f"<p>{escape(line)}</p>" for line in p.lines)
        + "</section>"
        for p in parts
    ]
    html = (
        "<!doctype html><html><body>"
        + "<hr>".join(html_blocks)
        + f'<p><a href="{escape(url, quote=True)}">{escape(url)}</a></p></body></html>'
    )
    return Mail(subject, text, html)


@dataclass(frozen=True)
class FollowUpFacts:
    """What an e-mail about one follow-up says of it."""

    follow_up_id: int
    organization_zh: str
    organization_en: str
    finding_number: int
    finding_text_zh: str
    due_on: date


def _dates(due_on: date) -> tuple[str, str]:
    return format_roc(due_on), due_on.isoformat()


def follow_up_mail(
    kind: str, facts: FollowUpFacts, language: Language, public_url: str, extra_zh: str = ""
) -> Mail:
    """A reminder (kind reminder.<stage>) or an event's e-mail about one follow-up."""
    heading_zh, heading_en = title(kind, {})
    roc, iso = _dates(facts.due_on)
    summary = (
        facts.finding_text_zh
        if len(facts.finding_text_zh) <= 200
        else (facts.finding_text_zh[:199] + "…")
    )
    zh = Lines(
        heading_zh,
        [
            f"{facts.organization_zh}：建議事項第 {facts.finding_number} 項",
            summary,
            f"辦理期限：民國{roc}",
            *([extra_zh] if extra_zh else []),
        ],
    )
    en = Lines(
        heading_en,
        [
            f"{facts.organization_en}: recommendation no. {facts.finding_number}",
            f"Due on {iso} (ROC {roc})",
        ],
    )
    url = public_url.rstrip("/") + f"/follow-ups/{facts.follow_up_id}"
    return compose(language, zh, en, url)


def digest_mail(
    awaiting: list[FollowUpFacts], total: int, extensions: int, public_url: str
) -> Mail:
    """A reviewer's digest: answers awaiting a decision (`total`, the first of them listed)
    and pending extension requests."""
    zh_lines = [f"待審核之辦理情形：{total} 件；待審核之展延申請：{extensions} 件"]
    en_lines = [f"Answers awaiting a decision: {total}; extension requests: {extensions}"]
    for facts in awaiting:
        roc, iso = _dates(facts.due_on)
        zh_lines.append(f"・{facts.organization_zh} 第 {facts.finding_number} 項（期限 {roc}）")
        en_lines.append(f"- {facts.organization_en} no. {facts.finding_number} (due {iso})")
    if total > len(awaiting):
        zh_lines.append(f"……另有 {total - len(awaiting)} 件")
        en_lines.append(f"… and {total - len(awaiting)} more")
    zh_heading, en_heading = title("digest", {})
    url = public_url.rstrip("/") + "/follow-ups?status=awaiting_decision"
    return compose(Language.zh_tw, Lines(zh_heading, zh_lines), Lines(en_heading, en_lines), url)
