package io.img2img.adapter.rest;

import io.img2img.adapter.http.Problem;
import io.img2img.application.port.in.ReportUsage;
import io.img2img.domain.result.ErrorCode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/usage?days=N} (SPEC §6): Creative Units priced, given back, used and spent, and jobs per state, per
 * UTC day, oldest first; today's budget and what is left of it. {@code days} is read by the strict query rules.
 */
final class UsageRoutes {
    static final String DAYS = "days";

    private final ReportUsage usage;

    UsageRoutes(ReportUsage usage) {
        this.usage = usage;
    }

    void usage(Context ctx) {
        QueryFlags.Read query =
                QueryFlags.whole(ctx.req().getQueryString(), DAYS, 1, ReportUsage.MAX_DAYS, ReportUsage.DEFAULT_DAYS);
        if (!query.errors().isEmpty()) {
            Responses.problem(
                    ctx,
                    Problem.of(
                            ErrorCode.INVALID_QUERY,
                            "the query is not valid: " + query.errors().get(0).field() + " "
                                    + query.errors().get(0).message(),
                            query.errors(),
                            null));
            return;
        }
        ReportUsage.Report report;
        try {
            report = usage.report((Integer) query.flags().get(DAYS));
        } catch (ReportUsage.Unavailable e) {
            Responses.problem(
                    ctx, Problem.of(ErrorCode.LEDGER_UNAVAILABLE, e.getMessage(), List.of(), Duration.ofSeconds(5)));
            return;
        }
        List<Map<String, Object>> days = new ArrayList<>();
        for (ReportUsage.Day day : report.days()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("date", day.date().toString());
            d.put("pricedUnits", day.pricedUnits());
            d.put("returnedUnits", day.returnedUnits());
            d.put("usedUnits", day.usedUnits());
            d.put("spentUnits", day.spentUnits());
            d.put("jobs", day.jobs());
            days.add(d);
        }
        ReportUsage.Today today = report.today();
        Map<String, Object> now = new LinkedHashMap<>();
        now.put("date", report.days().get(report.days().size() - 1).date().toString());
        now.put("dailyBudget", today.dailyBudget());
        now.put("usedUnits", today.usedUnits());
        now.put("remainingUnits", today.remainingUnits());
        now.put("spentUnits", today.spentUnits());
        now.put("renewsAt", today.renewsAt().toString());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("days", days);
        body.put("today", now);
        Responses.json(ctx, 200, body);
    }
}
