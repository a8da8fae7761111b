package io.img2img.domain.result;

import java.util.Arrays;
import java.util.List;

/** The backends as results name them: Scenario's cloud API, or the offline procedural renderer. */
public enum BackendName {
    SCENARIO("scenario"), LOCAL("local");

    private final String wireName;

    BackendName(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean is(String name) {
        return wireName.equals(name);
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(BackendName::wireName).toList();
    }
}
