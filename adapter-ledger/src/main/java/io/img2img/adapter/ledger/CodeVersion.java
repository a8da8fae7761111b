package io.img2img.adapter.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Properties;

/**
 * A release version ({@code 0.1.0}, a {@code -SNAPSHOT} tail ignored), compared number by number. The schema
 * records the oldest one that can still use it; this code compares its own version with that.
 */
record CodeVersion(String text, int[] numbers) implements Comparable<CodeVersion> {

    static CodeVersion of(String text) {
        String release = text.strip().replaceFirst("-.*$", "");
        if (!release.matches("\\d+(\\.\\d+)*")) {
            throw new IllegalArgumentException("not a release version: " + text);
        }
        return new CodeVersion(
                release,
                Arrays.stream(release.split("\\.")).mapToInt(Integer::parseInt).toArray());
    }

    /** This build's version, written into the jar by Maven. */
    static CodeVersion current() {
        Properties properties = new Properties();
        try (InputStream in = CodeVersion.class.getResourceAsStream("ledger.properties")) {
            if (in == null) {
                throw new IllegalStateException("ledger.properties is missing from the storage module");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(properties.getProperty("code.version"));
    }

    @Override
    public int compareTo(CodeVersion other) {
        for (int i = 0; i < Math.max(numbers.length, other.numbers.length); i++) {
            int mine = i < numbers.length ? numbers[i] : 0;
            int theirs = i < other.numbers.length ? other.numbers[i] : 0;
            if (mine != theirs) {
                return Integer.compare(mine, theirs);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CodeVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return text.replaceAll("(\\.0)+$", "").hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
