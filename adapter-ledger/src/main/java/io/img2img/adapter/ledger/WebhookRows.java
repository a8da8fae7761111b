package io.img2img.adapter.ledger;

import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.WebhookDelivery;
import io.img2img.application.port.out.WebhookEvent;
import io.img2img.application.port.out.WebhookRegistration;
import io.img2img.application.webhook.WebhookRules;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The webhook outbox's statements (SPEC §6): a registration recorded with its job; the deliveries a job change
 * makes ({@link WebhookRules}), written by every write transaction that changed a job, before it commits; claims
 * under a lease, oldest first; answers recorded. Every change of a registration is a compare-and-set on what was
 * read, so two transactions never make one event twice.
 */
final class WebhookRows {
    private static final String DELIVERY_COLUMNS = "delivery_id, job_id, event, url, state, attempts, next_attempt_at, "
            + "last_status, last_error, last_attempt_at, body";

    /**
     * Oldest first; events made in the same millisecond (a start and the first progress often are) in the order of
     * a job's life ({@link WebhookEvent}'s order), never in the order of their random ids.
     */
    private static final String OLDEST_FIRST = "ORDER BY created_at, CASE event "
            + java.util.Arrays.stream(WebhookEvent.values())
                    .map(e -> "WHEN '" + e.wireName() + "' THEN " + e.ordinal())
                    .collect(Collectors.joining(" "))
            + " END, delivery_id";

    private WebhookRows() {}

    static void register(Sql sql, String jobId, WebhookRegistration webhook) throws SQLException {
        sql.update(
                "INSERT INTO webhooks (job_id, url, events, is_open, start_made, progress_seen, created_at) "
                        + "SELECT ?, ?, ?, 1, 0, progress_version, ? FROM jobs WHERE job_id = ?", // progress so far is
                // no event
                jobId,
                webhook.url(),
                webhook.events().stream().map(WebhookEvent::wireName).sorted().collect(Collectors.joining(",")),
                sql.now(),
                jobId);
    }

    private record Open(
            String jobId,
            String url,
            Set<WebhookEvent> events,
            boolean startMade,
            Long progressSeen,
            JobState state,
            Long progressVersion,
            boolean progressPending) {}

    /** Makes the deliveries the jobs' changes call for; run by a write transaction that changed a job. */
    static void produce(Sql sql) throws SQLException {
        List<Open> open = sql.list(
                "SELECT w.job_id, w.url, w.events, w.start_made, w.progress_seen, j.state, j.progress_version, "
                        + "(SELECT COUNT(*) FROM webhook_deliveries d WHERE d.job_id = w.job_id AND d.event = 'progress' "
                        + "AND d.state = 'pending') FROM webhooks w JOIN jobs j ON j.job_id = w.job_id WHERE w.is_open = 1 "
                        + "ORDER BY w.job_id", // one lock order for every writer
                WebhookRows::open);
        for (Open o : open) {
            List<WebhookEvent> due = WebhookRules.due(
                    new WebhookRules.Registration(o.events(), o.startMade(), o.progressSeen(), o.progressPending()),
                    o.state(),
                    o.progressVersion());
            boolean ended = o.state().terminal();
            if (due.isEmpty() && !ended) {
                continue;
            }
            boolean started = o.startMade() || due.contains(WebhookEvent.START);
            Long seen = due.contains(WebhookEvent.PROGRESS) ? o.progressVersion() : o.progressSeen();
            // compare-and-set on what was read: of two transactions reading the same registration, one makes the events
            int moved = sql.update(
                    "UPDATE webhooks SET is_open = ?, start_made = ?, progress_seen = ? WHERE job_id = ? AND is_open = 1 "
                            + "AND start_made = ? AND "
                            + (o.progressSeen() == null ? "progress_seen IS NULL" : "progress_seen = ?"),
                    arguments(
                            ended ? 0 : 1, started ? 1 : 0, seen, o.jobId(), o.startMade() ? 1 : 0, o.progressSeen()));
            if (moved != 1) {
                continue;
            }
            for (WebhookEvent event : due) {
                sql.update(
                        "INSERT INTO webhook_deliveries (delivery_id, job_id, event, url, state, attempts, next_attempt_at, "
                                + "created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?)",
                        "msg_" + UUID.randomUUID().toString().replace("-", ""),
                        o.jobId(),
                        event.wireName(),
                        o.url(),
                        sql.now(),
                        sql.now());
            }
        }
    }

    private static Object[] arguments(Object... values) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (i == values.length - 1 && values[i] == null) {
                break; // "progress_seen IS NULL" takes no argument
            }
            list.add(values[i]);
        }
        return list.toArray();
    }

    static Optional<WebhookDelivery> claimDue(Sql sql, String holder, Duration lease) throws SQLException {
        long now = sql.now();
        Optional<String> id = sql.one(
                "SELECT delivery_id FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ? "
                        + "AND (lease_until IS NULL OR lease_until < ?) " + OLDEST_FIRST + " LIMIT 1"
                        + sql.dialect().claimLock(),
                row -> row.getString(1),
                now,
                now);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        sql.update(
                "UPDATE webhook_deliveries SET holder = ?, lease_until = ? WHERE delivery_id = ?",
                holder,
                now + lease.toMillis(),
                id.get());
        return one(sql, id.get());
    }

    static boolean settle(
            Sql sql,
            WebhookDelivery claimed,
            String holder,
            byte[] body,
            boolean delivered,
            Integer status,
            String error,
            Duration retryIn)
            throws SQLException {
        String state = delivered
                ? WebhookDelivery.DELIVERED
                : retryIn == null ? WebhookDelivery.FAILED : WebhookDelivery.PENDING;
        return sql.update(
                        "UPDATE webhook_deliveries SET state = ?, attempts = attempts + 1, next_attempt_at = ?, holder = NULL, "
                                + "lease_until = NULL, last_status = ?, last_error = ?, last_attempt_at = ?, "
                                + "body = COALESCE(body, ?) WHERE delivery_id = ? AND holder = ? AND attempts = ? "
                                + "AND state = 'pending'",
                        state,
                        state.equals(WebhookDelivery.PENDING) ? sql.now() + retryIn.toMillis() : null,
                        status,
                        error == null ? null : error.length() > 500 ? error.substring(0, 500) : error,
                        sql.now(),
                        body,
                        claimed.deliveryId(),
                        holder,
                        claimed.attempts())
                == 1;
    }

    static List<WebhookDelivery> ofJob(Sql sql, String jobId) throws SQLException {
        return sql.list(
                "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE job_id = ? " + OLDEST_FIRST,
                WebhookRows::delivery,
                jobId);
    }

    /** A pruned job's registration and deliveries go with it. */
    static void prune(Sql sql, String jobId) throws SQLException {
        sql.update("DELETE FROM webhook_deliveries WHERE job_id = ?", jobId);
        sql.update("DELETE FROM webhooks WHERE job_id = ?", jobId);
    }

    private static Optional<WebhookDelivery> one(Sql sql, String id) throws SQLException {
        return sql.one(
                "SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE delivery_id = ?",
                WebhookRows::delivery,
                id);
    }

    private static Open open(ResultSet row) throws SQLException {
        Set<WebhookEvent> events = EnumSet.noneOf(WebhookEvent.class);
        for (String name : row.getString(3).split(",")) {
            WebhookEvent e = WebhookEvent.ofWireName(name);
            if (e != null) {
                events.add(e);
            }
        }
        return new Open(
                row.getString(1),
                row.getString(2),
                events,
                row.getInt(4) == 1,
                nullableLong(row, 5),
                JobState.valueOf(row.getString(6).toUpperCase(Locale.ROOT)),
                nullableLong(row, 7),
                row.getLong(8) > 0);
    }

    private static WebhookDelivery delivery(ResultSet row) throws SQLException {
        return new WebhookDelivery(
                row.getString("delivery_id"),
                row.getString("job_id"),
                WebhookEvent.ofWireName(row.getString("event")),
                row.getString("url"),
                row.getString("state"),
                row.getInt("attempts"),
                nullableLong(row, "next_attempt_at"),
                nullableInt(row, "last_status"),
                row.getString("last_error"),
                nullableLong(row, "last_attempt_at"),
                row.getBytes("body"));
    }

    private static Integer nullableInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }
}
