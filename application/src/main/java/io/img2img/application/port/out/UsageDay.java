package io.img2img.application.port.out;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One UTC day (by the database's clock) of what the ledger accepted and spent (SPEC §6 {@code GET /v1/usage}). Every
 * figure belongs to the day its job was accepted.
 *
 * @param pricedUnits   Creative Units of the jobs accepted that day, priced when accepted (Scenario's free dry run)
 * @param returnedUnits of those, the units given back by jobs that provably cost nothing: canceled before their paid
 *                      POST was sent, or refused by the backend before starting
 * @param spentUnits    the units of those jobs the backend took: its billed price when it said one, else the price
 *                      quoted when accepted
 * @param jobs          the jobs accepted that day and still in the ledger (retention), per state; states without
 *                      jobs are absent
 */
public record UsageDay(
        LocalDate day, double pricedUnits, double returnedUnits, double spentUnits, Map<JobState, Integer> jobs) {
    public UsageDay {
        Objects.requireNonNull(day, "day");
        jobs = jobs.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(jobs));
    }

    /** What counts against that day's budget: the units priced less the units given back. */
    public double usedUnits() {
        return Math.max(0, pricedUnits - returnedUnits);
    }
}
