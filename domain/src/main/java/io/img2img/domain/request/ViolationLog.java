package io.img2img.domain.request;

import java.util.ArrayList;
import java.util.List;

/**
 * The violations met while reading a request, at most {@link #KEPT} of them kept: a body of a million
 * unknown fields must cost a million checks, not a million messages. Past the bound, one more entry
 * says how many were left out.
 */
final class ViolationLog {
    static final int KEPT = 100;
    private final List<Violation> kept = new ArrayList<>();
    private Violation firstLeftOut;
    private int count;

    void add(Violation violation) {
        count++;
        if (kept.size() < KEPT) {
            kept.add(violation);
        } else if (firstLeftOut == null) {
            firstLeftOut = violation;
        }
    }

    /** How many were added, kept or not. */
    int size() {
        return count;
    }

    List<Violation> list() {
        if (firstLeftOut == null) {
            return kept;
        }
        List<Violation> all = new ArrayList<>(kept);
        int unlisted = count - KEPT - 1;
        all.add(new Violation(
                firstLeftOut.field(),
                firstLeftOut.message() + " (and " + unlisted + " more problems in this request, not listed)",
                unlisted));
        return all;
    }
}
