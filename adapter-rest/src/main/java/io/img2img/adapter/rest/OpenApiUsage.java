package io.img2img.adapter.rest;

import io.img2img.application.port.in.ReportUsage;
import io.img2img.domain.result.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OpenAPI operation of {@code GET /v1/usage}: what was priced and spent per UTC day, and today's budget. */
final class OpenApiUsage {
    private OpenApiUsage() {}

    static Map<String, Object> operation() {
        Map<String, Object> units = Map.of("type", "number", "minimum", 0);
        Map<String, Object> day = new LinkedHashMap<>();
        day.put("type", "object");
        day.put(
                "description",
                "One UTC day (the ledger's clock). Every figure belongs to the day its job was accepted.");
        day.put(
                "properties",
                Map.of(
                        "date", Map.of("type", "string", "format", "date"),
                        "pricedUnits",
                                described(units, "Creative Units of the jobs accepted, priced when accepted (dry run)"),
                        "returnedUnits",
                                described(
                                        units,
                                        "Of those, units given back by jobs that provably cost nothing: canceled "
                                                + "before being sent, or refused by Scenario before starting"),
                        "usedUnits", described(units, "pricedUnits less returnedUnits: what counts against the budget"),
                        "spentUnits",
                                described(
                                        units,
                                        "Units Scenario took: its billed price when it said one, else the quoted price"),
                        "jobs",
                                Map.of(
                                        "type",
                                        "object",
                                        "description",
                                        "Jobs accepted that day and still in the ledger (retention), per state",
                                        "additionalProperties",
                                        Map.of("type", "integer", "minimum", 0))));
        day.put("required", List.of("date", "pricedUnits", "returnedUnits", "usedUnits", "spentUnits", "jobs"));
        Map<String, Object> today = new LinkedHashMap<>();
        today.put("type", "object");
        today.put(
                "properties",
                Map.of(
                        "date", Map.of("type", "string", "format", "date"),
                        "dailyBudget",
                                Map.of(
                                        "type",
                                        List.of("number", "null"),
                                        "description",
                                        "IMG2IMG_DAILY_CREATIVE_UNITS, null when no budget is set"),
                        "usedUnits", units,
                        "remainingUnits", Map.of("type", List.of("number", "null")),
                        "spentUnits", units,
                        "renewsAt",
                                Map.of(
                                        "type",
                                        "string",
                                        "format",
                                        "date-time",
                                        "description",
                                        "The next 00:00 UTC: when the budget renews")));
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("summary", "Creative Units priced and spent, and jobs per state, per UTC day");
        op.put(
                "description",
                "Days oldest first, ending with today (UTC, the ledger's clock, shared by every node on one "
                        + "ledger). Units are kept per day apart from the jobs, so they outlive the jobs' retention.");
        op.put("operationId", "getUsage");
        op.put(
                "parameters",
                List.of(OpenApiDocument.query(
                        UsageRoutes.DAYS,
                        "How many days, today included (default " + ReportUsage.DEFAULT_DAYS + ")",
                        Map.of("type", "integer", "minimum", 1, "maximum", ReportUsage.MAX_DAYS))));
        op.put(
                "responses",
                OpenApiDocument.withOk(
                        Map.of(
                                "200",
                                OpenApiDocument.json(
                                        "The report",
                                        Map.of(
                                                "type",
                                                "object",
                                                "properties",
                                                Map.of("days", Map.of("type", "array", "items", day), "today", today),
                                                "required",
                                                List.of("days", "today")))),
                        OpenApiProblems.responses(ErrorCode.INVALID_QUERY, ErrorCode.LEDGER_UNAVAILABLE)));
        return op;
    }

    private static Map<String, Object> described(Map<String, Object> schema, String description) {
        Map<String, Object> copy = new LinkedHashMap<>(schema);
        copy.put("description", description);
        return copy;
    }
}
