using System.Data.Common;
using System.Globalization;
using System.Text;
using Wix.Auth.PostgreSql;

namespace Wix.Auth.Host.Pages;

/// <summary>The operator view's notifications section: how many events are pending or failed, and which.</summary>
internal static class OperatorNotificationsSection
{
    private const int Shown = 20;

    public static async Task AppendAsync(StringBuilder html, WixNotificationOutbox outbox, CancellationToken cancellationToken)
    {
        WixNotificationOutboxStatus status;
        try
        {
            status = await outbox.GetStatusAsync(Shown, cancellationToken);
        }
        catch (DbException)
        {
            html.Append("<h2>Notifications</h2><p class=\"warn\">The outbox could not be read.</p>");
            return;
        }

        html.Append("<h2>Notifications</h2><p id=\"notifications\">")
            .Append(string.Create(CultureInfo.InvariantCulture, $"{status.Pending} pending, {status.Failed} failed"))
            .Append("</p>");
        if (status.Undelivered.Count == 0)
        {
            return;
        }

        html.Append("<table><thead><tr><th>Event</th><th>Instance</th><th>ID</th><th>Attempts</th><th>State</th><th>Last error</th></tr></thead><tbody>");
        foreach (var e in status.Undelivered)
        {
            var state = e.FailedAt is { } failed ? "failed " + HtmlPage.Time(failed) : "next attempt " + HtmlPage.Time(e.NextAttemptAt);
            html.Append("<tr><td>").Append(HtmlPage.Encode(e.EventType))
                .Append("</td><td>").Append(HtmlPage.Encode(e.InstanceId ?? "—"))
                .Append("</td><td>").Append(HtmlPage.Encode(e.WebhookId))
                .Append("</td><td>").Append(e.Attempts.ToString(CultureInfo.InvariantCulture))
                .Append("</td><td class=\"").Append(e.FailedAt is null ? "warn" : "bad").Append("\">").Append(state)
                .Append("</td><td>").Append(HtmlPage.Encode(e.LastError ?? "—"))
                .Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }
}
