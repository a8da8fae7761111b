package io.img2img.application.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BoundedLruMapTest {

    @Test
    void forgetsTheLeastRecentlyUsedPastTheBound() {
        BoundedLruMap<String, Integer> map = new BoundedLruMap<>(2);
        map.put("a", 1);
        map.put("b", 2);
        assertThat(map.get("a")).isEqualTo(1); // a is now more recent than b
        map.put("c", 3);
        assertThat(map.get("b")).isNull();
        assertThat(map.get("a")).isEqualTo(1);
        assertThat(map.get("c")).isEqualTo(3);
        assertThat(map.size()).isEqualTo(2);
    }

    @Test
    void keepsAnEntryThatMustStay() {
        BoundedLruMap<String, Integer> map = new BoundedLruMap<>(1, value -> value < 0);
        map.put("running", 1);
        map.put("other", -1);
        assertThat(map.get("running")).as("not evictable").isEqualTo(1);
        assertThat(map.size()).isEqualTo(2);
    }
}
