package org.ipaward.engine.calc;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.List;
import java.util.Random;

/**
 * The source of the generators' decisions: a seeded {@link Random} for the deterministic property tests, or
 * Jazzer's {@link FuzzedDataProvider} for the fuzz tests, so both drive the same generators.
 */
interface Choices {
    /** A number in {@code [0, bound)}; {@code bound} is positive. */
    int below(int bound);

    long anyLong();

    String anyString(int maxLength);

    default boolean chance(int percent) {
        return below(100) < percent;
    }

    default <T> T pick(List<T> from) {
        return from.get(below(from.size()));
    }

    /** A number in {@code [lo, hi]}. */
    default int between(int lo, int hi) {
        return lo + below(hi - lo + 1);
    }

    static Choices of(Random random) {
        return new Choices() {
            @Override
            public int below(int bound) {
                return random.nextInt(bound);
            }

            @Override
            public long anyLong() {
                return random.nextLong();
            }

            @Override
            public String anyString(int maxLength) {
                int n = random.nextInt(maxLength + 1);
                StringBuilder sb = new StringBuilder(n);
                for (int i = 0; i < n; i++) {
                    switch (random.nextInt(4)) {
                        case 0 -> sb.append((char) (' ' + random.nextInt(95)));
                        case 1 -> sb.append("0123456789.-eE,".charAt(random.nextInt(15)));
                        case 2 -> sb.append((char) (0x4e00 + random.nextInt(0x5000)));
                        default -> sb.appendCodePoint(random.nextInt(0x2FFFF));
                    }
                }
                return sb.toString();
            }
        };
    }

    static Choices of(FuzzedDataProvider data) {
        return new Choices() {
            @Override
            public int below(int bound) {
                return bound <= 1 ? 0 : data.consumeInt(0, bound - 1);
            }

            @Override
            public long anyLong() {
                return data.consumeLong();
            }

            @Override
            public String anyString(int maxLength) {
                return data.consumeString(maxLength);
            }
        };
    }
}
