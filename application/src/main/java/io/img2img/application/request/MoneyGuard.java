package io.img2img.application.request;

import io.img2img.domain.text.Numbers;

/**
 * The money guard's rule (IMG2IMG_MAX_CREATIVE_UNITS) in one place: a price above the limit is refused, a price
 * equal to it passes. Checked at acceptance and again by whoever claims the job, against the limit recorded then.
 */
public final class MoneyGuard {

    private MoneyGuard() {}

    public static boolean refuses(Double price, Double limit) {
        return limit != null && price != null && price > limit;
    }

    public static String refusal(double price, double limit) {
        return "this generation costs " + Numbers.format(price) + " Creative Units, above the limit of "
                + Numbers.format(limit) + " (IMG2IMG_MAX_CREATIVE_UNITS); nothing was started";
    }
}
