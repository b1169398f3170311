package org.ipaward.batch.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.ipaward.engine.InputException;
import org.junit.jupiter.api.Test;

/** The facts cell: read from its bytes when it can be, with the same values and the same refusals as the text. */
class RowParserFactsTest {
    private static final ClaimColumns[] COLUMNS = ClaimColumns.values();

    /** The claim columns' ids, as a staff export's header row has them. */
    static String[] header() {
        String[] h = new String[COLUMNS.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = COLUMNS[i].id();
        }
        return h;
    }

    /** A row of one Jindong claim with these facts (the other cells valid). */
    static String[] row(String facts) {
        String[] cells = new String[COLUMNS.length];
        cells[ClaimColumns.APPLICATION_NO.ordinal()] = "A1";
        cells[ClaimColumns.SUBMITTED_AT.ordinal()] = "2025-03-01T09:00:00+08:00";
        cells[ClaimColumns.SUBJECT_ID.ordinal()] = "913307032JYMDXP9X5";
        cells[ClaimColumns.SUBJECT_KIND.ordinal()] = "enterprise";
        cells[ClaimColumns.POLICY.ordinal()] = "jindong-2023";
        cells[ClaimColumns.MEASURE.ordinal()] = "JD-transfer";
        cells[ClaimColumns.MATTER_YEAR.ordinal()] = "2024";
        cells[ClaimColumns.FACTS.ordinal()] = facts;
        return cells;
    }

    private static RowParser parser() {
        return new RowParser("claims.csv", header());
    }

    @Test
    void valuesAsTheTextGivesThem() {
        ClaimRow r = parser().parse(
                        2,
                        row("{\"award_level\":\"cn_gold\",\"amount\":8000000.50,\"n\":14,\"ok\":true,\"no\":false,"
                                + "\"none\":null,\"items\":[\"a\",\"专利\"],\"名称\":\"金华\\u00e9\"}"));
        assertThat(r.facts())
                .containsEntry("award_level", "cn_gold")
                .containsEntry("amount", new BigDecimal("8000000.50"))
                .containsEntry("n", new BigDecimal("14"))
                .containsEntry("ok", Boolean.TRUE)
                .containsEntry("no", Boolean.FALSE)
                .containsEntry("none", null)
                .containsEntry("items", List.of("a", "专利"))
                .containsEntry("名称", "金华é");
        assertThat(r.facts().keySet()).containsExactly("award_level", "amount", "n", "ok", "no", "none", "items", "名称");
    }

    /**
     * Texts a byte parser would read by guessing another encoding (a byte-order mark, zero bytes) stay refused:
     * "{", U+0000, "}", U+0000 is "{}" in UTF-16LE.
     */
    @Test
    void refusedAsBefore() {
        for (String bad : new String[] {
            "\uFEFF{\"a\":\"b\"}",
            "{\u0000}\u0000",
            "{\u0000\u0000\u0000}",
            "{\"a\":",
            "[1]",
            "{\"a\":1} x",
            "{\"a\":{}}"
        }) {
            assertThatThrownBy(() -> parser().parse(2, row(bad)))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            InputException.class,
                            e -> assertThat(e.problems().get(0).key()).isEqualTo("claims.bad-facts"));
        }
    }
}
