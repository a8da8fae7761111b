package io.img2img.domain.result;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Where images are generated, as results and settings name it: Scenario's cloud API, or the offline procedural renderer. */
public enum Backend {
    SCENARIO("scenario", "Scenario's cloud API; generations cost Creative Units"),
    LOCAL("local", "offline procedural renderer: no AI model, no network, costs nothing");

    private final String wireName;
    private final String description;

    Backend(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    /** A line saying what it is, for start-up messages and service descriptions. */
    public String description() {
        return description;
    }

    public static Optional<Backend> of(String wireName) {
        return Arrays.stream(values()).filter(b -> b.wireName.equals(wireName)).findFirst();
    }

    public String wireName() {
        return wireName;
    }

    public boolean is(String name) {
        return wireName.equals(name);
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Backend::wireName).toList();
    }
}
