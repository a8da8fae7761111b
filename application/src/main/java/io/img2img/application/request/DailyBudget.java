package io.img2img.application.request;

import io.img2img.domain.text.Numbers;
import java.time.Duration;

/**
 * The spend budget's words (IMG2IMG_DAILY_CREATIVE_UNITS, SPEC §6): the ledger charges each priced job to its UTC
 * day as it accepts it and refuses one that would take the day past the budget; this says so to the caller, the
 * same text on REST (429 + Retry-After) and MCP (an isError result).
 */
public final class DailyBudget {
    private DailyBudget() {}

    /**
     * @param price      the refused generation's price, or {@code null} when not known here
     * @param budget     the daily budget, or {@code null} when not known here
     * @param retryAfter until the next UTC day on the ledger's clock
     */
    public static String refusal(Double price, Double budget, Duration retryAfter) {
        String cost =
                price == null ? "this generation" : "this generation (" + Numbers.format(price) + " Creative Units)";
        return "today's Creative Units budget"
                + (budget == null ? "" : " of " + Numbers.format(budget))
                + " (IMG2IMG_DAILY_CREATIVE_UNITS) has not enough left for " + cost
                + "; nothing was sent to the backend. The budget renews at 00:00 UTC"
                + (retryAfter == null ? "" : ", in " + retryAfter.toSeconds() + " s")
                + "; GET /v1/usage shows today's spend";
    }
}
