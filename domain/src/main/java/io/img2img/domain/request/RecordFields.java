package io.img2img.domain.request;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and builds the request records by field name, so that the parser and the rules loop over the
 * catalogue instead of naming each field. The records' components carry the catalogue's names, in its
 * order (a test holds them to it).
 */
final class RecordFields {
    private static final Map<Class<?>, RecordComponent[]> COMPONENTS = new ConcurrentHashMap<>();

    private RecordFields() {}

    /** The value of the component named {@code name}. */
    static Object get(Record record, String name) {
        for (RecordComponent c : components(record.getClass())) {
            if (c.getName().equals(name)) {
                try {
                    return c.getAccessor().invoke(record);
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot read " + name, e);
                }
            }
        }
        throw new IllegalArgumentException(record.getClass().getSimpleName() + " has no field " + name);
    }

    /** A record built from values by component name; a name without a value is {@code null}. */
    static <R extends Record> R create(Class<R> type, Map<String, ?> values) {
        RecordComponent[] components = components(type);
        Class<?>[] types = new Class<?>[components.length];
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            args[i] = values.get(components[i].getName());
        }
        try {
            Constructor<R> canonical = type.getDeclaredConstructor(types);
            return canonical.newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    static RecordComponent[] components(Class<?> type) {
        return COMPONENTS.computeIfAbsent(type, Class::getRecordComponents);
    }
}
