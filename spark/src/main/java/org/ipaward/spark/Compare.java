package org.ipaward.spark;

import java.util.List;

final class Compare {
    private Compare() {}

    static List<String> totals(String spark, String single) {
        throw new UnsupportedOperationException("todo");
    }
}
