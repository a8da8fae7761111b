package io.img2img.application.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a process remembers, bounded: past {@code capacity} entries the least recently used one is
 * forgotten, unless {@code evictable} says it must stay (a job still running). Safe for many threads.
 */
public final class BoundedLruMap<K, V> {
    private final Map<K, V> entries;

    public BoundedLruMap(int capacity) {
        this(capacity, value -> true);
    }

    public BoundedLruMap(int capacity, Predicate<V> evictable) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity && evictable.test(eldest.getValue());
            }
        };
    }

    /** The value, now the most recently used; {@code null} when unknown. */
    public synchronized V get(K key) {
        return entries.get(key);
    }

    public synchronized void put(K key, V value) {
        entries.put(key, value);
    }

    public synchronized void remove(K key) {
        entries.remove(key);
    }

    public synchronized int size() {
        return entries.size();
    }
}
