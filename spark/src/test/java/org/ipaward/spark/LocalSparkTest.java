package org.ipaward.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalSparkTest {
    @Test
    void runsLocally() {
        assertThat(LocalSpark.get().range(10).count()).isEqualTo(10);
    }
}
