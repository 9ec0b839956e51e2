import { useTranslation } from "react-i18next";
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigate } from "react-router";
import { useLogout, useMe } from "../api/auth";
import { useUnreadCount } from "../api/notifications";
import { permissionsOf } from "../lib/permissions";
import { LanguageSwitch } from "./LanguageSwitch";

export function Layout() {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="site-name">
            <svg className="site-name__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
              <rect width="32" height="32" rx="6" fill="currentColor" opacity="0.18" />
              <path d="M9 20l7-8 7 8" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            {t("app.name")}
          </Link>
          <div className="site-header__tools">
            <UserArea />
            <LanguageSwitch />
          </div>
        </div>
        <SiteNav />
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>{t("app.footer")}</p>
      </footer>
      <ScrollRestoration />
    </>
  );
}

/** The pages this person may use; a public visitor has the plan browser and the published findings. */
function SiteNav() {
  const { t } = useTranslation();
  const me = useMe();
  const can = permissionsOf(me.data);
  // The dashboard lives under /review but is a menu entry of its own: only one entry is current.
  const onDashboard = /^\/review\/(dashboard|plans\/)/.test(useLocation().pathname);
  const links: [string, string][] = [["/published-findings", t("nav.publishedFindings")]];
  if (can.reportProgress) links.push(["/progress", t("nav.myReports")]);
  if (can.reviewUnits) links.push(["/units", t("nav.units")]);
  if (can.reportProgress) links.push(["/results", t("nav.results")]);
  // Administrators read what reviewers review (READ_PROGRESS, OVERSEE_PROGRESS), without acting on it.
  if (can.overseeProgress) links.push(["/review", t("nav.review")]);
  if (can.overseeProgress) links.push(["/results-review", t("nav.resultsReview")]);
  if (can.overseeProgress) links.push(["/review/dashboard", t("nav.dashboard")]);
  if (can.readRounds) links.push(["/rounds", t("nav.rounds")]);
  if (can.draftFindings) links.push(["/findings/editor", t("nav.findingsEditor")]);
  if (can.readFollowUps) links.push(["/follow-ups", t("nav.followUps")]);
  if (can.editPlans) links.push(["/editor", t("nav.editor")]);
  if (can.manageUsers) links.push(["/users", t("nav.users")]);
  if (can.manageOrganizations) links.push(["/admin/organizations", t("nav.organizations")]);
  if (can.manageTokens) links.push(["/tokens", t("nav.tokens")]);
  if (can.manageContacts) links.push(["/contacts", t("nav.contacts")]);
  if (can.manageWebhooks) links.push(["/webhooks", t("nav.webhooks")]);
  if (can.readDeliveries) links.push(["/deliveries", t("nav.deliveries")]);
  if (can.readAudit) links.push(["/audit", t("nav.audit")]);
  return (
    <nav className="site-nav" aria-label={t("nav.label")}>
      <ul>
        <li>
          <NavLink to="/" end>
            {t("nav.plans")}
          </NavLink>
        </li>
        {links.map(([to, label]) => (
          <li key={to}>
            <NavLink to={to} end={to === "/review" && onDashboard}>
              {label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function UserArea() {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  if (me.isPending) return null;
  if (!me.data) {
    if (location.pathname === "/login") return null;
    const next = `${location.pathname}${location.search}`;
    return (
      <Link className="header-link" to={next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`}>
        {t("auth.signIn")}
      </Link>
    );
  }
  return (
    <div className="user-area">
      <Bell />
      <Link className="header-link" to="/notification-settings">
        {t("nav.notificationSettings")}
      </Link>
      <span className="user-area__name">{t("auth.signedInAs", { name: me.data.display_name, role: t(`role.${me.data.role}`) })}</span>
      <button
        type="button"
        className="language-switch"
        disabled={logout.isPending}
        onClick={async () => {
          // Leave a staff page first, so it does not send the person to sign in again.
          await navigate("/");
          logout.mutate();
        }}
      >
        {t("auth.signOut")}
      </button>
    </div>
  );
}

/** 通知 with the unread count, leading to the notifications page. */
function Bell() {
  const { t } = useTranslation();
  const can = permissionsOf(useMe().data);
  const unread = useUnreadCount(can.readNotifications);
  if (!can.readNotifications) return null;
  const count = unread.data ?? 0;
  return (
    <Link
      className="header-link bell"
      to="/notifications"
      aria-label={count ? t("notifications.bellUnread", { count }) : t("notifications.bell")}
    >
      <svg className="bell__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinejoin="round"
        />
      </svg>
      {t("notifications.bell")}
      {count > 0 && (
        <span className="bell__count" aria-hidden="true">
          {count}
        </span>
      )}
    </Link>
  );
}
