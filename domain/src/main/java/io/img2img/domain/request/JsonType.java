package io.img2img.domain.request;

/** The JSON types a request field can take, named as JSON Schema names them. */
public enum JsonType {
    STRING("string"),
    INTEGER("integer"),
    NUMBER("number"),
    BOOLEAN("boolean"),
    ARRAY("array"),
    OBJECT("object");

    private final String schemaName;

    JsonType(String schemaName) {
        this.schemaName = schemaName;
    }

    public String schemaName() {
        return schemaName;
    }
}
