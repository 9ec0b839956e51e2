"""Rounds over HTTP: the verification plan, the status one step at a time, the panel and
its rules, visits, and bad input that changes nothing."""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from tests.fixtures import factories, loop
from tests.rounds.conftest import EN, Rounds, field_of, guarded, set_status
from uplift.models import (
    AuditEvent,
    DomainEvent,
    FindingStatus,
    Organization,
    PanelAssignment,
    PanelConflict,
    PanelMember,
    ReviewRound,
    ReviewRoundKind,
    RoundStatus,
    VerificationRound,
)


async def _refreshed(session: AsyncSession, row: VerificationRound) -> VerificationRound:
    await session.refresh(row)
    return row


async def test_the_reviewer_lists_the_plans_rounds_mid_year_first(
    sign_in: Any, rounds: Rounds
) -> None:
    async with sign_in("reviewer") as http:
        response = await http.get("/api/v1/rounds", params={"year": 2018})
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(i["kind"], i["plan_roc_year"]) for i in items] == [
        ("mid_year", 107),
        ("year_end", 107),
    ]
    assert [e["code"] for e in items[0]["enterprises"]] == [
        "TAIPOWER",
        "CPC",
        "TAISUGAR",
        "TAIWATER",
    ]
    assert items[0]["counts"] == {"enterprises": 4, "panel": 1, "visits": 0}
    assert items[1]["counts"]["panel"] == 2


async def test_the_plan_fields_are_patched_with_if_match(
    sign_in: Any, session: AsyncSession, rounds: Rounds
) -> None:
    url = rounds.url(rounds.mid)
    async with sign_in("reviewer") as http:
        missing = await http.patch(url, json={"place": "本會"})
        assert missing.status_code == 428
        body = {
            "items": ["服務流程", "顧客滿意"],
            "starts_on": "107年6月4日",
            "ends_on": "2018-06-08",
            "place": "本會 3 樓會議室",
            "agenda": "09:00 簡報",
            "participants": "本會及委員",
            "follow_up_working_days": 30,
        }
        response = await guarded(http, "PATCH", url, **body)
        assert response.status_code == 200, response.text
        data = response.json()
        assert data["starts_on"] == "2018-06-04"
        assert data["items"] == ["服務流程", "顧客滿意"]
        assert response.headers["ETag"] == (await http.get(url)).headers["ETag"]
        backwards = await guarded(http, "PATCH", url, ends_on="2018-06-01")
        assert backwards.status_code == 422
        assert field_of(backwards) == "ends_on"
        far = await guarded(http, "PATCH", url, starts_on="2021-01-04")
        assert field_of(far) == "starts_on"
        null = await guarded(http, "PATCH", url, place=None)
        assert null.status_code == 422
    row = await _refreshed(session, rounds.mid)
    assert (row.starts_on.isoformat(), row.ends_on.isoformat()) == ("2018-06-04", "2018-06-08")  # type: ignore[union-attr]
    assert row.place == "本會 3 樓會議室"


async def test_the_plan_is_frozen_once_issued(
    sign_in: Any, session: AsyncSession, rounds: Rounds
) -> None:
    await set_status(session, rounds.mid, RoundStatus.issued)
    async with sign_in("reviewer") as http:
        response = await guarded(http, "PATCH", rounds.url(rounds.mid), place="本會")
    assert response.status_code == 409


async def test_dropping_an_enterprise_with_visits_is_refused(
    sign_in: Any, session: AsyncSession, rounds: Rounds
) -> None:
    url = rounds.url(rounds.mid)
    async with sign_in("reviewer") as http:
        # the expert `panel` is assigned to all four
        refused = await guarded(http, "PATCH", url, enterprises=["TAIPOWER", "CPC", "TAIWATER"])
        assert refused.status_code == 409
        unknown = await guarded(http, "PATCH", url, enterprises=["TAIPOWER", "NOPE"])
        assert field_of(unknown) == "enterprises.1"
        await session.execute(
            PanelAssignment.__table__.delete().where(
                PanelAssignment.organization_id == rounds.codes["TAISUGAR"]
            )
        )
        kept = await guarded(http, "PATCH", url, enterprises=["TAIPOWER", "CPC", "TAIWATER"])
        assert kept.status_code == 200, kept.text
    assert [e["code"] for e in kept.json()["enterprises"]] == ["TAIPOWER", "CPC", "TAIWATER"]


async def _status(http: Any, rounds: Rounds, **body: Any) -> Any:
    return await guarded(
        http, "POST", rounds.url(rounds.mid, "/status"), rounds.url(rounds.mid), **body
    )


async def test_the_status_moves_one_step_at_a_time(
    sign_in: Any, session: AsyncSession, rounds: Rounds
) -> None:
    async with sign_in("reviewer") as http:
        skipped = await _status(http, rounds, status="in_progress")
        assert skipped.status_code == 409
        assert "planned" in skipped.json()["detail"] and "notified" in skipped.json()["detail"]
        no_number = await _status(http, rounds, status="notified", notified_on="107年5月2日")
        assert no_number.status_code == 422
        assert field_of(no_number) == "notice_number"
        too_long = await _status(
            http, rounds, status="notified", notified_on="2018-05-02", notice_number="字" * 101
        )
        assert too_long.status_code == 422
        row = await _refreshed(session, rounds.mid)
        assert (row.status, row.notified_on, row.notice_number) == (RoundStatus.planned, None, None)
        notified = await _status(
            http,
            rounds,
            status="notified",
            notified_on="107年5月2日",
            notice_number="經營字第10702000010號",
        )
        assert notified.status_code == 200, notified.text
        data = notified.json()
        assert data["status"] == "notified"
        assert data["notified_on_roc"].startswith("107")
        assert set(data["status_history"]) == {"planned", "notified"}
        assert data["next_statuses"] == ["in_progress"]
        back = await _status(http, rounds, status="planned")
        assert back.status_code == 409
    event = await session.scalar(
        select(DomainEvent).where(
            DomainEvent.kind == "round.notified", DomainEvent.object_id == rounds.mid.id
        )
    )
    assert event is not None
    assert event.payload["notice_number"] == "經營字第10702000010號"
    assert len(event.payload["organization_ids"]) == 4
    audited = await session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.object_type == "verification_round", AuditEvent.action == "notified")
    )
    assert audited == 1


async def test_signing_off_waits_for_drafts_and_issue_for_every_finding(
    sign_in: Any, session: AsyncSession, rounds: Rounds
) -> None:
    await set_status(session, rounds.mid, RoundStatus.drafting)
    taipower = await session.get_one(Organization, rounds.codes["TAIPOWER"])
    draft = await loop.finding(session, rounds.mid, taipower)
    async with sign_in("reviewer") as http:
        waiting = await _status(http, rounds, status="signed_off")
        assert waiting.status_code == 409
        assert "1 finding" in waiting.json()["detail"]
        draft.status = FindingStatus.approved
        await session.flush()
        signed = await _status(http, rounds, status="signed_off")
        assert signed.status_code == 200, signed.text
        approved = await _status(http, rounds, status="issued")
        assert approved.status_code == 409
        draft.status = FindingStatus.issued
        await session.flush()
        issued = await _status(http, rounds, status="issued")
        assert issued.status_code == 200, issued.text
        publish = await _status(http, rounds, status="published")
        assert publish.status_code == 409
        assert "/api/v1/findings/publish" in publish.json()["detail"]


async def test_opening_a_round(sign_in: Any, session: AsyncSession, rounds: Rounds) -> None:
    plan = await factories.plan(session, year=2031)
    async with sign_in("reviewer") as http:
        taken = await http.post(
            "/api/v1/rounds", json={"plan_id": rounds.mid.plan_id, "kind": "mid_year"}, headers=EN
        )
        assert taken.status_code == 409
        not_called = await http.post(
            "/api/v1/rounds", json={"plan_id": plan.id, "kind": "mid_year"}, headers=EN
        )
        assert not_called.status_code == 422
        assert field_of(not_called) == "kind"
        session.add(
            ReviewRound(
                plan_id=plan.id,
                kind=ReviewRoundKind.mid_year,
                position=0,
                name_zh="期中查證",
                name_en="Mid-year",
            )
        )
        await session.flush()
        opened = await http.post("/api/v1/rounds", json={"plan_id": plan.id, "kind": "mid_year"})
    assert opened.status_code == 201, opened.text
    assert opened.json()["status"] == "planned"
    assert "ETag" in opened.headers


async def _add(http: Any, rounds: Rounds, row: VerificationRound, **body: Any) -> Any:
    return await http.post(rounds.url(row, "/panel"), json=body, headers=EN)


async def test_a_delegate_is_never_assigned_to_their_own_enterprise(
    sign_in: Any, session: AsyncSession, rounds: Rounds
) -> None:
    async with sign_in("reviewer") as http:
        added = await _add(
            http,
            rounds,
            rounds.mid,
            kind="delegate",
            name="王小明",
            affiliation="台糖公司",
            delegated_by="TAISUGAR",
        )
        assert added.status_code == 201, added.text
        member = added.json()
        assert (member["kind"], member["delegated_by"], member["assignments"]) == (
            "delegate",
            "TAISUGAR",
            [],
        )
        url = rounds.url(rounds.mid, f"/panel/{member['id']}/assignments")
        own = await http.put(url, json={"organizations": ["CPC", "TAISUGAR"]}, headers=EN)
        assert own.status_code == 422
        assert field_of(own) == "organizations.1"
        assert "delegated them" in own.json()["detail"]
        zh = await http.put(url, json={"organizations": ["TAISUGAR"]})
        assert "受遴派人員不得查證其所屬事業" in zh.json()["detail"]
        assert (
            await session.scalar(
                select(func.count())
                .select_from(PanelAssignment)
                .where(PanelAssignment.member_id == member["id"])
            )
        ) == 0
        elsewhere = await http.put(url, json={"organizations": ["CPC", "TAIWATER"]})
        assert elsewhere.status_code == 200
        assert elsewhere.json()["assignments"] == ["CPC", "TAIWATER"]
        no_origin = await _add(http, rounds, rounds.mid, kind="delegate", name="甲")
        assert field_of(no_origin) == "delegated_by"
        expert_origin = await _add(
            http, rounds, rounds.mid, kind="expert", name="乙", delegated_by="CPC"
        )
        assert field_of(expert_origin) == "delegated_by"
        not_panel = await _add(
            http, rounds, rounds.mid, kind="expert", name="丙", username="reporter-taiwater"
        )
        assert field_of(not_panel) == "username"
        await session.execute(
            VerificationRound.__table__.update()
            .where(VerificationRound.id == rounds.year_end.id)
            .values(status=RoundStatus.planned)
        )
        uncovered = await http.put(url, json={"organizations": ["MOEA"]}, headers=EN)
        assert field_of(uncovered) == "organizations.0"


async def test_a_member_declares_a_conflict_for_themself_only(
    sign_in: Any, session: AsyncSession, rounds: Rounds
) -> None:
    panel_id = await session.scalar(
        select(PanelMember.id).where(
            PanelMember.round_id == rounds.mid.id, PanelMember.user_id.is_not(None)
        )
    )
    async with sign_in("reviewer") as reviewer:
        other = (await _add(reviewer, rounds, rounds.mid, kind="expert", name="李教授")).json()
    async with sign_in("panel") as http:
        url = rounds.url(rounds.mid, f"/panel/{panel_id}/conflicts")
        no_reason = await http.post(
            url, json={"organization": "TAISUGAR", "reason": ""}, headers=EN
        )
        assert no_reason.status_code == 422
        declared = await http.post(
            url, json={"organization": "TAISUGAR", "reason": "曾任台糖顧問"}, headers=EN
        )
        assert declared.status_code == 201, declared.text
        member = declared.json()
        assert "TAISUGAR" not in member["assignments"]
        assert [(c["organization"], c["reason"]) for c in member["conflicts"]] == [
            ("TAISUGAR", "曾任台糖顧問")
        ]
        twice = await http.post(
            url, json={"organization": "TAISUGAR", "reason": "再次"}, headers=EN
        )
        assert twice.status_code == 409
        for_another = await http.post(
            rounds.url(rounds.mid, f"/panel/{other['id']}/conflicts"),
            json={"organization": "CPC", "reason": "x"},
            headers=EN,
        )
        assert for_another.status_code == 403
        panel = (await http.get(rounds.url(rounds.mid, "/panel"))).json()["items"]
        assert [m["conflicts"][0]["reason"] for m in panel if m["id"] == panel_id] == [
            "曾任台糖顧問"
        ]
    async with sign_in("panel-cpc") as http:
        not_on_it = await http.post(
            rounds.url(rounds.mid, f"/panel/{panel_id}/conflicts"),
            json={"organization": "CPC", "reason": "x"},
        )
        assert not_on_it.status_code == 404
    async with sign_in("reviewer") as reviewer:
        again = await reviewer.put(
            rounds.url(rounds.mid, f"/panel/{panel_id}/assignments"),
            json={"organizations": ["TAISUGAR"]},
            headers=EN,
        )
        assert again.status_code == 422
        assert "conflict" in again.json()["detail"]
    assert await session.scalar(select(func.count()).select_from(PanelConflict)) == 1


async def test_members_are_removed_only_before_the_round_is_in_progress(
    sign_in: Any, session: AsyncSession, rounds: Rounds
) -> None:
    async with sign_in("reviewer") as http:
        member = (await _add(http, rounds, rounds.mid, kind="commission", name="本會同仁")).json()
        other = (await _add(http, rounds, rounds.mid, kind="commission", name="本會同仁二")).json()
        removed = await http.delete(rounds.url(rounds.mid, f"/panel/{member['id']}"))
        assert removed.status_code == 204
        cpc = await session.get_one(Organization, rounds.codes["CPC"])
        drafter, user = await loop.panel_member(session, rounds.mid, [cpc])
        finding = await loop.finding(session, rounds.mid, cpc)
        finding.drafted_by_user_id = user.id
        await session.flush()
        kept = await http.delete(rounds.url(rounds.mid, f"/panel/{drafter.id}"))
        assert kept.status_code == 409
        assert await session.get(PanelMember, drafter.id) is not None
        await set_status(session, rounds.mid, RoundStatus.in_progress)
        refused = await http.delete(rounds.url(rounds.mid, f"/panel/{other['id']}"))
        assert refused.status_code == 409


async def test_visits_name_units_of_the_visited_enterprise(
    sign_in: Any, session: AsyncSession, rounds: Rounds
) -> None:
    url = rounds.url(rounds.year_end, "/visits")
    async with sign_in("reviewer") as http:
        wrong_unit = await http.post(
            url,
            json={
                "organization": "TAIPOWER",
                "visit_date": "2018-11-05",
                "units": ["TAIPOWER-DEMO-1", "CPC-DEMO-1"],
            },
            headers=EN,
        )
        assert wrong_unit.status_code == 422
        assert field_of(wrong_unit) == "units.1"
        uncovered = await http.post(url, json={"organization": "MOEA", "visit_date": "2018-11-05"})
        assert field_of(uncovered) == "organization"
        far = await http.post(url, json={"organization": "CPC", "visit_date": "2025-11-05"})
        assert field_of(far) == "visit_date"
        visit = await http.post(
            url,
            json={
                "organization": "TAIPOWER",
                "visit_date": "107年11月5日",
                "place": "台北",
                "units": ["TAIPOWER-DEMO-1"],
            },
        )
        assert visit.status_code == 201, visit.text
        assert visit.json()["units"] == ["TAIPOWER-DEMO-1"]
        cpc = await http.post(url, json={"organization": "CPC", "visit_date": "2018-11-06"})
        assert cpc.status_code == 201
        visit_url = f"{url}/{visit.json()['id']}"
        changed = await guarded(http, "PATCH", visit_url, units=["TAIPOWER-DEMO-2"], place="台中")
        assert changed.status_code == 200, changed.text
        assert changed.json()["units"] == ["TAIPOWER-DEMO-2"]
        await guarded(
            http,
            "PATCH",
            rounds.url(rounds.year_end),
            rounds.url(rounds.year_end),
            starts_on="2018-11-01",
            ends_on="2018-11-30",
        )
        outside = await guarded(http, "PATCH", visit_url, visit_date="2018-12-03")
        assert field_of(outside) == "visit_date"
    async with sign_in("panel-cpc") as http:  # assigned TAIPOWER and TAIWATER
        seen = (await http.get(url)).json()["items"]
        assert [v["organization"] for v in seen] == ["TAIPOWER"]
        forbidden = await http.post(url, json={"organization": "CPC", "visit_date": "2018-11-06"})
        assert forbidden.status_code == 403
    async with sign_in("reporter-taiwater") as http:
        assert (await http.get(url)).json()["items"] == []
    async with sign_in("reviewer") as http:
        gone = await http.delete(f"{url}/{cpc.json()['id']}")
        assert gone.status_code == 204
        assert len((await http.get(url)).json()["items"]) == 1
