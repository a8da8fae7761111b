package io.img2img.application.port.in;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What was spent (SPEC §6 {@code GET /v1/usage}, the playground's "spent today"): Creative Units priced and spent
 * and jobs per state, per UTC day by the ledger's clock, and today's budget when one is set
 * ({@code IMG2IMG_DAILY_CREATIVE_UNITS}).
 */
public interface ReportUsage {
    /** Most days one report covers. */
    int MAX_DAYS = 90;

    int DEFAULT_DAYS = 7;

    /**
     * @param days 1 to {@link #MAX_DAYS}: today and the days before it
     * @throws IllegalArgumentException for days out of range
     * @throws Unavailable when the job ledger cannot be read
     */
    Report report(int days);

    /** Today's units used and the budget, for a gauge or the playground; the same figures as {@link #report}{@code (1)}. */
    Today today();

    /** The job ledger cannot be read; the message names the database. */
    final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * One UTC day: every figure belongs to the day its job was accepted.
     *
     * @param pricedUnits   units of the jobs accepted, priced when accepted
     * @param returnedUnits units given back by jobs that provably cost nothing (canceled before being sent, refused
     *                      by the backend before starting)
     * @param usedUnits     priced less returned: what counts against the budget
     * @param spentUnits    units the backend took: its billed price when it said one, else the quoted price
     * @param jobs          jobs accepted that day and still in the ledger, per state (wire names)
     */
    record Day(
            LocalDate date,
            double pricedUnits,
            double returnedUnits,
            double usedUnits,
            double spentUnits,
            Map<String, Integer> jobs) {
        public Day {
            jobs = Map.copyOf(jobs);
        }
    }

    /**
     * @param dailyBudget    the budget, or {@code null} when none is set
     * @param usedUnits      today's units counting against it
     * @param remainingUnits what is left of it today, or {@code null} when none is set
     * @param spentUnits     today's units spent
     * @param renewsAt       the next 00:00 UTC on the ledger's clock
     */
    record Today(Double dailyBudget, double usedUnits, Double remainingUnits, double spentUnits, Instant renewsAt) {}

    /** @param days oldest first, ending with today */
    record Report(List<Day> days, Today today) {
        public Report {
            days = List.copyOf(days);
        }
    }
}
