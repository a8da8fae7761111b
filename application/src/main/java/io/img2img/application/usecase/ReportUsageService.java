package io.img2img.application.usecase;

import io.img2img.application.job.JobEngine;
import io.img2img.application.port.in.ReportUsage;
import io.img2img.application.port.out.JobState;
import io.img2img.application.port.out.LedgerUnavailableException;
import io.img2img.application.port.out.LedgerUsage;
import io.img2img.application.port.out.UsageDay;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The ledger's spending per UTC day, and today's against the budget the engine was given. */
public final class ReportUsageService implements ReportUsage {
    private final JobEngine jobs;

    public ReportUsageService(JobEngine jobs) {
        this.jobs = jobs;
    }

    @Override
    public Report report(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("days must be 1 to " + MAX_DAYS + "; got " + days);
        }
        LedgerUsage usage = read(days);
        return new Report(usage.days().stream().map(ReportUsageService::day).toList(), today(usage));
    }

    @Override
    public Today today() {
        return today(read(1));
    }

    private LedgerUsage read(int days) {
        try {
            return jobs.usage(days);
        } catch (LedgerUnavailableException e) {
            throw new Unavailable(e.getMessage(), e);
        }
    }

    private Today today(LedgerUsage usage) {
        UsageDay today = usage.today();
        Double budget = jobs.policy().dailyCreativeUnits();
        Instant renewsAt = today.day().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return new Today(
                budget,
                today.usedUnits(),
                budget == null ? null : Math.max(0, budget - today.usedUnits()),
                today.spentUnits(),
                renewsAt);
    }

    private static Day day(UsageDay day) {
        Map<String, Integer> jobs = new LinkedHashMap<>();
        for (JobState state : JobState.values()) {
            jobs.put(
                    state.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    day.jobs().getOrDefault(state, 0));
        }
        return new Day(day.day(), day.pricedUnits(), day.returnedUnits(), day.usedUnits(), day.spentUnits(), jobs);
    }
}
