package org.ipaward.batch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Partitioning's node table numbers nodes by their text and kind, whatever their hashes. */
class NodeIdsTest {
    @Test
    void nodes_get_one_number_exactly_when_text_and_kind_are_the_same_even_when_hashes_collide() {
        Random rnd = new Random(3);
        Partitioning.NodeIds ids = new Partitioning.NodeIds(4); // grows many times
        Partitioning.UnionFind uf = new Partitioning.UnionFind(16);
        Map<String, Integer> want = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            String text = "S" + rnd.nextInt(3000);
            boolean object = rnd.nextInt(4) == 0;
            // every third text shares one hash with all others like it: only the text can tell them apart
            long hash = text.hashCode() % 3 == 0 ? 42 : Partitioning.NodeIds.hash(text);
            int id = ids.id(hash, new String(text), object, uf);
            Integer known = want.putIfAbsent((object ? "o:" : "s:") + text, id);
            if (known != null) {
                assertThat(id).as(text).isEqualTo(known);
            }
        }
        assertThat(new java.util.HashSet<>(want.values())).hasSize(want.size());
    }

    @Test
    void the_hash_is_never_the_empty_slot_and_tells_texts_apart() {
        assertThat(Partitioning.NodeIds.hash("")).isNotZero();
        assertThat(Partitioning.NodeIds.hash("91330703RHBRLBQ1MD"))
                .isNotEqualTo(Partitioning.NodeIds.hash("91330703RHBRLBQ1ME"));
    }
}
