package io.img2img.adapter.ledger;

import io.img2img.application.job.JobPolicy;
import io.img2img.application.port.out.JobLedger;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerJob;
import io.img2img.application.port.out.LedgerUsage;
import io.img2img.application.port.out.NewJob;
import io.img2img.application.port.out.UsageDay;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Creative Units of each UTC day (table {@code spend_days}, by the database's clock), written inside the job
 * moves they follow: a priced job is charged to its day when accepted (under a daily budget, only when the day's
 * units plus its price stay within it: an upsert whose update carries that condition, so on PostgreSQL the day's
 * row lock orders the accepts of every node and on SQLite the IMMEDIATE transaction does); a job that ends having
 * provably cost nothing gives its units back to that day, once; a job the backend took records what it spent.
 */
final class Spending {
    static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    /** Sums of fractional prices in floating point: a price that exactly fits is not refused by rounding. */
    private static final double SLACK = 1e-9;

    private static final String CHARGE =
            "INSERT INTO spend_days (utc_day, priced_units) VALUES (?, ?) ON CONFLICT (utc_day) DO UPDATE SET "
                    + "priced_units = spend_days.priced_units + excluded.priced_units";

    private Spending() {}

    /**
     * Charges the job's price to today, within its daily budget when it has one; false (and nothing written) when
     * the price does not fit in what is left. A job without a positive price (a local one) is never charged.
     */
    static boolean charge(Sql sql, NewJob job) throws SQLException {
        Double price = job.price();
        if (price == null || price <= 0) {
            return true;
        }
        long day = sql.now() / DAY_MILLIS;
        Double budget = job.dailyBudget();
        if (budget == null) {
            sql.update(CHARGE, day, price);
            return true;
        }
        if (price > budget + SLACK) {
            return false; // a new day's row would take it past the budget too
        }
        return sql.update(
                        CHARGE + " WHERE spend_days.priced_units - spend_days.returned_units + excluded.priced_units "
                                + "<= ?",
                        day,
                        price,
                        budget + SLACK)
                == 1;
    }

    /** Records with the accepted job what it was charged, so it gives that back at most once. */
    static void recordCharge(Sql sql, NewJob job) throws SQLException {
        if (job.price() != null && job.price() > 0) {
            sql.update("UPDATE jobs SET charged_units = ? WHERE job_id = ?", job.price(), job.jobId());
        }
    }

    /** Until the next 00:00 UTC on the database's clock, at least one second: when the budget renews. */
    static Duration untilNextDay(Sql sql) throws SQLException {
        long left = DAY_MILLIS - Math.floorMod(sql.now(), DAY_MILLIS);
        return Duration.ofSeconds(Math.max(1, (left + 999) / 1000));
    }

    /**
     * A job that just ended from {@code from}: when that end proves it cost nothing ({@link
     * JobPolicy#endsThatCostNothingFrom()}), the units it was charged go back to the day it was accepted.
     */
    static void endedFrom(Sql sql, String jobId, JobState from) throws SQLException {
        if (!JobPolicy.endsThatCostNothingFrom().contains(from)) {
            return;
        }
        Optional<double[]> charged = sql.one(
                "SELECT charged_units, created_at FROM jobs WHERE job_id = ? AND charged_units IS NOT NULL",
                row -> new double[] {row.getDouble(1), row.getLong(2)},
                jobId);
        if (charged.isEmpty()) {
            return;
        }
        sql.update(
                "UPDATE spend_days SET returned_units = returned_units + ? WHERE utc_day = ?",
                charged.get()[0],
                (long) charged.get()[1] / DAY_MILLIS);
        sql.update("UPDATE jobs SET charged_units = NULL WHERE job_id = ?", jobId);
    }

    /**
     * A job the backend took ({@code SUBMITTING → SUBMITTED}): its billed price when the backend said one, else the
     * price quoted when it was accepted, is spent on the day it was accepted.
     */
    static void submitted(Sql sql, LedgerJob held, Double billed) throws SQLException {
        Double units = billed != null ? billed : held.price();
        if (units == null || !(units > 0) || held.createdAt() == null) {
            return;
        }
        sql.update(
                "INSERT INTO spend_days (utc_day, spent_units) VALUES (?, ?) ON CONFLICT (utc_day) DO UPDATE SET "
                        + "spent_units = spend_days.spent_units + excluded.spent_units",
                held.createdAt().toEpochMilli() / DAY_MILLIS,
                units);
    }

    static LedgerUsage usage(Sql sql, int days) throws SQLException {
        if (days < 1 || days > JobLedger.MAX_USAGE_DAYS) {
            throw new IllegalArgumentException("days must be 1 to " + JobLedger.MAX_USAGE_DAYS + ", got " + days);
        }
        long now = sql.now();
        long today = now / DAY_MILLIS;
        long first = today - days + 1;
        Map<Long, double[]> units = new HashMap<>();
        for (Object[] row : sql.list(
                "SELECT utc_day, priced_units, returned_units, spent_units FROM spend_days "
                        + "WHERE utc_day >= ? AND utc_day <= ?",
                r -> new Object[] {r.getLong(1), new double[] {r.getDouble(2), r.getDouble(3), r.getDouble(4)}},
                first,
                today)) {
            units.put((Long) row[0], (double[]) row[1]);
        }
        Map<Long, Map<JobState, Integer>> jobs = new HashMap<>();
        for (Object[] row : sql.list(
                "SELECT created_at / " + DAY_MILLIS + ", state, COUNT(*) FROM jobs WHERE created_at >= ? "
                        + "GROUP BY created_at / " + DAY_MILLIS + ", state",
                r -> new Object[] {r.getLong(1), r.getString(2), r.getInt(3)},
                first * DAY_MILLIS)) {
            jobs.computeIfAbsent((Long) row[0], d -> new EnumMap<>(JobState.class))
                    .put(JobState.valueOf(((String) row[1]).toUpperCase(Locale.ROOT)), (Integer) row[2]);
        }
        List<UsageDay> report = new ArrayList<>();
        for (long day = first; day <= today; day++) {
            double[] u = units.getOrDefault(day, new double[3]);
            report.add(new UsageDay(LocalDate.ofEpochDay(day), u[0], u[1], u[2], jobs.getOrDefault(day, Map.of())));
        }
        return new LedgerUsage(Instant.ofEpochMilli(now), report);
    }
}
