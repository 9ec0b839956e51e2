import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { createBrowserRouter } from "react-router";
import { RouterProvider } from "react-router/dom";
import { ApiError } from "./api/client";
import { Layout } from "./components/Layout";
import { NotFoundPage } from "./components/NotFoundPage";
import { RequirePermission } from "./components/RequirePermission";
import { AuditPage } from "./features/admin/AuditPage";
import { DeliveriesPage } from "./features/admin/deliveries/DeliveriesPage";
import { OrganizationsPage } from "./features/admin/organizations/OrganizationsPage";
import { TokensPage } from "./features/admin/tokens/TokensPage";
import { UsersPage } from "./features/admin/users/UsersPage";
import { WebhooksPage } from "./features/admin/webhooks/WebhooksPage";
import { LoginPage } from "./features/auth/LoginPage";
import { MeasurePage } from "./features/browser/MeasurePage";
import { PlanBrowserPage } from "./features/browser/PlanBrowserPage";
import { EditorHomePage } from "./features/editor/EditorHomePage";
import { PlanEditorPage } from "./features/editor/PlanEditorPage";
import { RevisionsPage } from "./features/editor/RevisionsPage";
import { FindingsEditorPage } from "./features/findings/FindingsEditorPage";
import { PublishedFindingsPage } from "./features/findings/PublishedFindingsPage";
import { FollowUpBoardPage } from "./features/follow_ups/FollowUpBoardPage";
import { FollowUpPage } from "./features/follow_ups/FollowUpPage";
import { ContactsPage } from "./features/notifications/ContactsPage";
import { NotificationSettingsPage } from "./features/notifications/NotificationSettingsPage";
import { NotificationsPage } from "./features/notifications/NotificationsPage";
import { DashboardPage } from "./features/progress/DashboardPage";
import { MeasureProgressPage } from "./features/progress/MeasureProgressPage";
import { MyReportsPage } from "./features/progress/MyReportsPage";
import { ReportFormPage } from "./features/progress/ReportFormPage";
import { ReviewListPage } from "./features/progress/ReviewListPage";
import { ReviewReportPage } from "./features/progress/ReviewReportPage";
import { UnitReportsPage } from "./features/progress/UnitReportsPage";
import { MyResultsPage } from "./features/results/MyResultsPage";
import { ResultsReviewPage } from "./features/results/ResultsReviewPage";
import { ResultsReviewReportPage } from "./features/results/ResultsReviewReportPage";
import { RoundPage } from "./features/rounds/RoundPage";
import { RoundsPage } from "./features/rounds/RoundsPage";
import { initI18n } from "./i18n";
import "./styles.css";

initI18n();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5 * 60_000,
      // A 4xx will not mend itself by asking again.
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
    },
  },
});

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { index: true, element: <PlanBrowserPage /> },
      { path: "measures/:measureId", element: <MeasurePage /> },
      { path: "login", element: <LoginPage /> },
      { path: "published-findings", element: <PublishedFindingsPage /> },
      {
        path: "findings/editor",
        element: (
          <RequirePermission permission="draftFindings">
            <FindingsEditorPage />
          </RequirePermission>
        ),
      },
      {
        path: "users",
        element: (
          <RequirePermission permission="manageUsers">
            <UsersPage />
          </RequirePermission>
        ),
      },
      {
        path: "admin/organizations",
        element: (
          <RequirePermission permission="manageOrganizations">
            <OrganizationsPage />
          </RequirePermission>
        ),
      },
      {
        path: "tokens",
        element: (
          <RequirePermission permission="manageTokens">
            <TokensPage />
          </RequirePermission>
        ),
      },
      {
        path: "webhooks",
        element: (
          <RequirePermission permission="manageWebhooks">
            <WebhooksPage />
          </RequirePermission>
        ),
      },
      {
        path: "deliveries",
        element: (
          <RequirePermission permission="readDeliveries">
            <DeliveriesPage />
          </RequirePermission>
        ),
      },
      {
        path: "audit",
        element: (
          <RequirePermission permission="readAudit">
            <AuditPage />
          </RequirePermission>
        ),
      },
      {
        path: "editor",
        element: (
          <RequirePermission permission="editPlans">
            <EditorHomePage />
          </RequirePermission>
        ),
      },
      {
        path: "editor/plans/:planId",
        element: (
          <RequirePermission permission="editPlans">
            <PlanEditorPage />
          </RequirePermission>
        ),
      },
      {
        path: "editor/plans/:planId/revisions",
        element: (
          <RequirePermission permission="staff">
            <RevisionsPage />
          </RequirePermission>
        ),
      },
      {
        path: "progress",
        element: (
          <RequirePermission permission="reportProgress">
            <MyReportsPage />
          </RequirePermission>
        ),
      },
      {
        path: "progress/plans/:planId/measures/:measureId/:period",
        element: (
          <RequirePermission permission="reportProgress">
            <ReportFormPage />
          </RequirePermission>
        ),
      },
      {
        path: "rounds",
        element: (
          <RequirePermission permission="readRounds">
            <RoundsPage />
          </RequirePermission>
        ),
      },
      {
        path: "rounds/:roundId",
        element: (
          <RequirePermission permission="readRounds">
            <RoundPage />
          </RequirePermission>
        ),
      },
      {
        path: "review",
        element: (
          <RequirePermission permission="overseeProgress">
            <ReviewListPage />
          </RequirePermission>
        ),
      },
      {
        path: "review/dashboard",
        element: (
          <RequirePermission permission="overseeProgress">
            <DashboardPage />
          </RequirePermission>
        ),
      },
      {
        path: "review/plans/:planId/dashboard",
        element: (
          <RequirePermission permission="overseeProgress">
            <DashboardPage />
          </RequirePermission>
        ),
      },
      {
        path: "review/plans/:planId/measures/:measureKey",
        element: (
          <RequirePermission permission="overseeProgress">
            <MeasureProgressPage />
          </RequirePermission>
        ),
      },
      {
        path: "review/reports/:reportId",
        element: (
          <RequirePermission permission="overseeProgress">
            <ReviewReportPage reviewer="commission" />
          </RequirePermission>
        ),
      },
      {
        path: "follow-ups",
        element: (
          <RequirePermission permission="readFollowUps">
            <FollowUpBoardPage />
          </RequirePermission>
        ),
      },
      {
        path: "follow-ups/:id",
        element: (
          <RequirePermission permission="readFollowUps">
            <FollowUpPage />
          </RequirePermission>
        ),
      },
      {
        path: "units",
        element: (
          <RequirePermission permission="reviewUnits">
            <UnitReportsPage />
          </RequirePermission>
        ),
      },
      {
        path: "units/reports/:reportId",
        element: (
          <RequirePermission permission="reviewUnits">
            <ReviewReportPage reviewer="head_office" />
          </RequirePermission>
        ),
      },
      {
        path: "results",
        element: (
          <RequirePermission permission="reportProgress">
            <MyResultsPage />
          </RequirePermission>
        ),
      },
      {
        path: "results-review",
        element: (
          <RequirePermission permission="overseeProgress">
            <ResultsReviewPage />
          </RequirePermission>
        ),
      },
      {
        path: "results-review/:planId/:code",
        element: (
          <RequirePermission permission="overseeProgress">
            <ResultsReviewReportPage />
          </RequirePermission>
        ),
      },
      {
        path: "notifications",
        element: (
          <RequirePermission permission="readNotifications">
            <NotificationsPage />
          </RequirePermission>
        ),
      },
      {
        path: "notification-settings",
        element: (
          <RequirePermission permission="readNotifications">
            <NotificationSettingsPage />
          </RequirePermission>
        ),
      },
      {
        path: "contacts",
        element: (
          <RequirePermission permission="manageContacts">
            <ContactsPage />
          </RequirePermission>
        ),
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
