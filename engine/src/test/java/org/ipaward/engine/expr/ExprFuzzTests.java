package org.ipaward.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No expression text makes the compiler throw anything but an {@link ExpressionException} with a key, and a
 * compiled expression evaluates to a value, {@link Missing}, or an {@link EvaluationException}, never a crash.
 */
class ExprFuzzTests {
    private static final Map<String, Type> NAMES = Map.of(
            "n",
            Type.NUMBER,
            "m",
            Type.NUMBER,
            "b",
            Type.BOOLEAN,
            "t",
            Type.TEXT,
            "l",
            Type.LIST,
            "d",
            Type.DATE,
            "tbl",
            Type.TABLE,
            "rate",
            Type.NUMBER,
            "sw",
            Type.TEXT);

    private static final Scope SCOPE = new Scope() {
        @Override
        public Symbol resolve(String name) {
            Type t = NAMES.get(name);
            if (t == null) {
                return null;
            }
            return new Symbol(Set.of("tbl", "rate", "sw").contains(name) ? Kind.PARAMETER : Kind.FACT, t);
        }

        @Override
        public Type subjectField(String field) {
            return field.equals("kind") || field.equals("mu_grade") ? Type.TEXT : null;
        }

        @Override
        public Set<String> allowedValues(String name) {
            return name.equals("sw") ? Set.of("on", "off") : null;
        }
    };

    /** Facts present or not by {@code mask}; parameters always present. */
    private static EvalContext context(int mask) {
        Map<String, Object> facts = Map.of(
                "n",
                new BigDecimal("0"),
                "m",
                new BigDecimal("-2.5"),
                "b",
                true,
                "t",
                "x",
                "l",
                List.of("x", "y"),
                "d",
                LocalDate.of(2025, 2, 28));
        return new EvalContext() {
            @Override
            public Object fact(String name) {
                int bit = List.of("n", "m", "b", "t", "l", "d").indexOf(name);
                return bit >= 0 && (mask >> bit & 1) == 1 ? facts.get(name) : null;
            }

            @Override
            public Object parameter(String name) {
                return switch (name) {
                    case "tbl" -> Map.of("x", BigDecimal.ONE);
                    case "rate" -> new BigDecimal("0.5");
                    case "sw" -> "on";
                    default -> null;
                };
            }

            @Override
            public Object parameterAt(String name, LocalDate date) {
                return date.getYear() < 2000 ? null : parameter(name);
            }

            @Override
            public Object subject(String field) {
                return (mask & 64) == 0 ? null : "enterprise";
            }

            @Override
            public int claimYear() {
                return 2025;
            }
        };
    }

    /** Compiles and evaluates; anything but the language's own exceptions fails. */
    static void compileAndEvaluate(String source) {
        Expr e;
        try {
            e = Expr.compile(source, SCOPE, null);
        } catch (ExpressionException ex) {
            assertThat(ex.key()).as(source).startsWith("expr.");
            assertThat(ex.column()).as(source).isPositive();
            return;
        } catch (RuntimeException | StackOverflowError ex) {
            throw new AssertionError("compiling “" + source + "” threw " + ex, ex);
        }
        for (int mask : new int[] {0, 127, 0b1010101, 0b0101010}) {
            try {
                Object v = e.eval(context(mask));
                assertThat(v).as(source).isNotNull();
            } catch (EvaluationException ex) {
                assertThat(ex.key()).as(source).startsWith("expr.");
            } catch (RuntimeException | StackOverflowError ex) {
                throw new AssertionError("evaluating “" + source + "” threw " + ex, ex);
            }
        }
    }

    @FuzzTest(maxDuration = "30s")
    void shouldOnlyThrowExpressionExceptionForAnySource(byte[] data) {
        compileAndEvaluate(new String(data, StandardCharsets.UTF_8));
    }

    private static final List<String> TOKENS = List.of(
            "n",
            "m",
            "b",
            "t",
            "l",
            "d",
            "tbl",
            "rate",
            "sw",
            "nope",
            "subject.kind",
            "subject.x",
            "claim.year",
            "claim.month",
            "subject",
            "claim",
            "0",
            "1",
            "20.00",
            "0.2",
            "1.5.2",
            ".5",
            "3",
            "'x'",
            "'on'",
            "'off'",
            "\"y\"",
            "'",
            "true",
            "false",
            "+",
            "-",
            "*",
            "/",
            "(",
            ")",
            "[",
            "]",
            ",",
            "==",
            "!=",
            "<",
            "<=",
            ">",
            ">=",
            "and",
            "or",
            "not",
            "in",
            "min(",
            "max(",
            "if(",
            "lookup(",
            "at(",
            "year_end(",
            "date(",
            "present(",
            "round(",
            " ",
            "#",
            "中",
            "\t");

    @Test
    void shouldOnlyThrowExpressionExceptionForRandomTokenSequences() {
        Random r = new Random(1259);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(TOKENS.get(r.nextInt(TOKENS.size()))).append(r.nextInt(3) == 0 ? "" : " ");
            }
            compileAndEvaluate(sb.toString());
        }
    }

    @Test
    void shouldCompileAndEvaluateWellFormedRandomExpressions() {
        Random r = new Random(2260);
        int compiled = 0;
        for (int i = 0; i < 5_000; i++) {
            String source = number(r, 4);
            compileAndEvaluate(source);
            compiled++;
            compileAndEvaluate(bool(r, 3));
        }
        assertThat(compiled).isEqualTo(5_000);
    }

    private static String number(Random r, int depth) {
        if (depth == 0 || r.nextInt(3) == 0) {
            return List.of("n", "m", "rate", "claim.year", "1", "0", "0.01", "lookup(tbl, t)", "lookup(tbl, 'x')")
                    .get(r.nextInt(9));
        }
        return switch (r.nextInt(6)) {
            case 0 -> number(r, depth - 1) + " " + "+-*/".charAt(r.nextInt(4)) + " " + number(r, depth - 1);
            case 1 -> "-(" + number(r, depth - 1) + ")";
            case 2 -> (r.nextBoolean() ? "min(" : "max(") + number(r, depth - 1) + ", " + number(r, depth - 1) + ")";
            case 3 -> "if(" + bool(r, depth - 1) + ", " + number(r, depth - 1) + ", " + number(r, depth - 1) + ")";
            case 4 -> "at(rate, " + (r.nextBoolean() ? "year_end(" + number(r, 0) + ")" : "d") + ")";
            default -> "(" + number(r, depth - 1) + ")";
        };
    }

    private static String bool(Random r, int depth) {
        if (depth == 0 || r.nextInt(3) == 0) {
            return List.of("b", "true", "present(n)", "t in l", "sw == 'on'", "d < date(2025, 3, 1)", "t in ['x', 'z']")
                    .get(r.nextInt(7));
        }
        return switch (r.nextInt(4)) {
            case 0 -> bool(r, depth - 1) + (r.nextBoolean() ? " and " : " or ") + bool(r, depth - 1);
            case 1 -> "not " + bool(r, depth - 1);
            case 2 ->
                number(r, depth - 1) + " "
                        + List.of("==", "!=", "<", "<=", ">", ">=").get(r.nextInt(6)) + " " + number(r, depth - 1);
            default -> "(" + bool(r, depth - 1) + ")";
        };
    }
}
