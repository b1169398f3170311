package org.ipaward.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InsertRowsTest {
    @Test
    void oneGroupOfPlaceholdersPerRow() {
        assertThat(InsertRows.sql("insert into t (a, b, c)", 3, 2))
                .isEqualTo("insert into t (a, b, c) values (?, ?, ?), (?, ?, ?)");
        assertThat(InsertRows.sql("insert into t (a)", 1, 1)).isEqualTo("insert into t (a) values (?)");
        assertThat(InsertRows.sql("insert into t (a, j)", "(?, cast(? as jsonb))", 2))
                .isEqualTo("insert into t (a, j) values (?, cast(? as jsonb)), (?, cast(? as jsonb))");
    }

    @Test
    void refusesAnInsertOfNothing() {
        assertThatThrownBy(() -> InsertRows.sql("insert into t (a)", 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> InsertRows.sql("insert into t (a)", 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
