package org.ipaward.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The expression language: exact decimals, boundaries, Kleene logic over missing facts, and load-time errors. */
class ExprTests {

    private static final Map<String, Type> FACTS = Map.of(
            "x", Type.NUMBER,
            "total", Type.NUMBER,
            "flag", Type.BOOLEAN,
            "other", Type.BOOLEAN,
            "level", Type.TEXT,
            "country", Type.TEXT,
            "countries", Type.LIST,
            "signed", Type.DATE);

    private static final Map<String, Type> PARAMETERS = Map.of(
            "rate", Type.NUMBER,
            "amounts", Type.TABLE,
            "codes", Type.LIST,
            "reading", Type.TEXT,
            "lpr", Type.NUMBER,
            "switch_on", Type.BOOLEAN);

    /** A scope with a few facts and parameters; {@code level} is an enum and {@code reading} a switch. */
    private static final Scope SCOPE = new Scope() {
        @Override
        public Symbol resolve(String name) {
            if (FACTS.containsKey(name)) {
                return new Symbol(Kind.FACT, FACTS.get(name));
            }
            return PARAMETERS.containsKey(name) ? new Symbol(Kind.PARAMETER, PARAMETERS.get(name)) : null;
        }

        @Override
        public Type subjectField(String field) {
            return Set.of("kind", "mu_grade").contains(field) ? Type.TEXT : null;
        }

        @Override
        public Set<String> allowedValues(String name) {
            if (name.equals("level")) {
                return Set.of("gold", "silver");
            }
            return name.equals("reading") ? Set.of("cumulative", "per_case") : null;
        }
    };

    /** An evaluation context over a map of facts, parameters dated by an as-of date, and a subject. */
    private static final class Ctx implements EvalContext {
        private final Map<String, Object> facts = new HashMap<>();
        private final Map<String, NavigableMap<LocalDate, Object>> params = new HashMap<>();
        private LocalDate asOf = LocalDate.of(2026, 3, 1);
        private int year = 2025;

        Ctx() {
            param("rate", LocalDate.of(2024, 1, 1), new BigDecimal("0.5"));
            param(
                    "amounts",
                    LocalDate.of(2024, 1, 1),
                    Map.of("gold", new BigDecimal("500000"), "silver", new BigDecimal("400000")));
            param("codes", LocalDate.of(2024, 1, 1), List.of("US", "JP", "DE"));
            param("reading", LocalDate.of(2024, 1, 1), "cumulative");
            param("switch_on", LocalDate.of(2024, 1, 1), Boolean.TRUE);
            param("lpr", LocalDate.of(2024, 10, 21), new BigDecimal("0.0310"));
            param("lpr", LocalDate.of(2025, 5, 20), new BigDecimal("0.0300"));
        }

        Ctx fact(String name, Object value) {
            facts.put(name, value);
            return this;
        }

        Ctx param(String name, LocalDate from, Object value) {
            params.computeIfAbsent(name, k -> new TreeMap<>()).put(from, value);
            return this;
        }

        @Override
        public Object fact(String name) {
            return facts.get(name);
        }

        @Override
        public Object parameter(String name) {
            return parameterAt(name, asOf);
        }

        @Override
        public Object parameterAt(String name, LocalDate date) {
            NavigableMap<LocalDate, Object> values = params.get(name);
            Map.Entry<LocalDate, Object> e = values == null ? null : values.floorEntry(date);
            return e == null ? null : e.getValue();
        }

        @Override
        public Object subject(String field) {
            return field.equals("kind") ? "enterprise" : null;
        }

        @Override
        public int claimYear() {
            return year;
        }
    }

    private static Object eval(String source, Ctx ctx) {
        return Expr.compile(source, SCOPE, null).eval(ctx);
    }

    private static Object eval(String source) {
        return eval(source, new Ctx());
    }

    private static BigDecimal number(String source, Ctx ctx) {
        return (BigDecimal) eval(source, ctx);
    }

    @Nested
    class Arithmetic {
        @Test
        void shouldAddDecimalsExactly() {
            assertThat(number("0.1 + 0.2", new Ctx())).isEqualTo(new BigDecimal("0.3"));
            assertThat(eval("0.1 + 0.2 == 0.3")).isEqualTo(true);
        }

        @Test
        void shouldDivideToThirtyFourSignificantDigits() {
            BigDecimal third = number("1 / 3", new Ctx());

            assertThat(third.precision()).isEqualTo(34);
            assertThat(third).isEqualTo(new BigDecimal("0." + "3".repeat(34)));
            assertThat(number("2 / 3", new Ctx())).isEqualTo(new BigDecimal("0." + "6".repeat(33) + "7"));
        }

        @Test
        void shouldMultiplyMoneyByRatesWithoutBinaryFloatingPoint() {
            Ctx ctx = new Ctx().fact("x", new BigDecimal("1234567.89"));

            assertThat(number("x * rate", ctx)).isEqualTo(new BigDecimal("617283.945"));
            assertThat(number("x * 0.07", ctx)).isEqualTo(new BigDecimal("86419.7523"));
        }

        @Test
        void shouldHonourPrecedenceParenthesesAndUnaryMinus() {
            assertThat(number("1 + 2 * 3", new Ctx())).isEqualByComparingTo("7");
            assertThat(number("(1 + 2) * 3", new Ctx())).isEqualByComparingTo("9");
            assertThat(number("10 - 4 - 3", new Ctx())).isEqualByComparingTo("3");
            assertThat(number("-2 * -3", new Ctx())).isEqualByComparingTo("6");
            assertThat(number("12 / 4 / 3", new Ctx())).isEqualByComparingTo("1");
        }

        @Test
        void shouldReportDivisionByZeroWhenEvaluated() {
            Expr e = Expr.compile("total / x", SCOPE, Type.NUMBER);
            Ctx ctx = new Ctx().fact("total", BigDecimal.TEN).fact("x", new BigDecimal("0.00"));

            assertThatThrownBy(() -> e.eval(ctx))
                    .isInstanceOfSatisfying(EvaluationException.class, ex -> assertThat(ex.key())
                            .isEqualTo("expr.division-by-zero"))
                    .hasMessageContaining("除数为零");
        }
    }

    @Nested
    class Comparisons {
        @Test
        void shouldCompareNumbersByValueNotScale() {
            assertThat(eval("20 == 20.00")).isEqualTo(true);
            assertThat(eval("20 != 20.000")).isEqualTo(false);
            assertThat(eval("20.00 <= 20")).isEqualTo(true);
            assertThat(eval("20.00 < 20")).isEqualTo(false);
        }

        @Test
        void shouldIncludeTheBoundaryOfAtLeastTwentyPercent() {
            Expr share = Expr.compile("x >= total * 0.2", SCOPE, Type.BOOLEAN);

            assertThat(share.eval(new Ctx().fact("x", new BigDecimal("20")).fact("total", new BigDecimal("100"))))
                    .isEqualTo(true);
            assertThat(share.eval(new Ctx().fact("x", new BigDecimal("20.00")).fact("total", new BigDecimal("100.0"))))
                    .isEqualTo(true);
            assertThat(share.eval(new Ctx().fact("x", new BigDecimal("19.99")).fact("total", new BigDecimal("100"))))
                    .isEqualTo(false);
            assertThat(share.eval(new Ctx()
                            .fact("x", new BigDecimal("1000000.01"))
                            .fact("total", new BigDecimal("5000000.05"))))
                    .isEqualTo(true);
            assertThat(share.eval(new Ctx()
                            .fact("x", new BigDecimal("1000000.00"))
                            .fact("total", new BigDecimal("5000000.01"))))
                    .isEqualTo(false);
        }

        @Test
        void shouldExcludeTheBoundaryOfMoreThan() {
            Expr over = Expr.compile("x > 1000000", SCOPE, Type.BOOLEAN);

            assertThat(over.eval(new Ctx().fact("x", new BigDecimal("1000000.00"))))
                    .isEqualTo(false);
            assertThat(over.eval(new Ctx().fact("x", new BigDecimal("1000000.01"))))
                    .isEqualTo(true);
        }

        @Test
        void shouldCompareTextBooleansAndDates() {
            Ctx ctx = new Ctx().fact("level", "gold").fact("flag", true).fact("signed", LocalDate.of(2025, 6, 30));

            assertThat(eval("level == 'gold'", ctx)).isEqualTo(true);
            assertThat(eval("level != \"gold\"", ctx)).isEqualTo(false);
            assertThat(eval("flag == true", ctx)).isEqualTo(true);
            assertThat(eval("signed <= date(2025, 6, 30)", ctx)).isEqualTo(true);
            assertThat(eval("signed < date(2025, 6, 30)", ctx)).isEqualTo(false);
            assertThat(eval("signed > year_end(2024)", ctx)).isEqualTo(true);
            assertThat(eval("subject.kind == 'enterprise'", ctx)).isEqualTo(true);
        }
    }

    @Nested
    class MissingFacts {
        @Test
        void shouldDecideFalseAndMissingAsFalse() {
            Ctx ctx = new Ctx().fact("flag", false);

            assertThat(eval("flag and other", ctx)).isEqualTo(false);
            assertThat(eval("other and flag", ctx)).isEqualTo(false);
        }

        @Test
        void shouldLeaveTrueAndMissingUnknownNamingTheFact() {
            Object v = eval("flag and other", new Ctx().fact("flag", true));

            assertThat(v).isInstanceOfSatisfying(Missing.class, m -> assertThat(m.names())
                    .containsExactly("other"));
        }

        @Test
        void shouldDecideTrueOrMissingAsTrue() {
            Ctx ctx = new Ctx().fact("flag", true);

            assertThat(eval("flag or other", ctx)).isEqualTo(true);
            assertThat(eval("other or flag", ctx)).isEqualTo(true);
            assertThat(eval("other or flag", new Ctx().fact("flag", false)))
                    .isInstanceOfSatisfying(
                            Missing.class, m -> assertThat(m.names()).containsExactly("other"));
        }

        @Test
        void shouldNameEveryMissingFactInOrderOfUse() {
            Object v = eval("x + total > 3 and flag", new Ctx());

            assertThat(v).isInstanceOfSatisfying(Missing.class, m -> assertThat(m.names())
                    .containsExactly("x", "total", "flag"));
        }

        @Test
        void shouldPropagateMissingThroughArithmeticComparisonAndNot() {
            assertThat(eval("x * 2")).isInstanceOf(Missing.class);
            assertThat(eval("-x")).isInstanceOf(Missing.class);
            assertThat(eval("x >= 10")).isInstanceOf(Missing.class);
            assertThat(eval("not flag")).isInstanceOf(Missing.class);
            assertThat(eval("min(x, 5)")).isInstanceOf(Missing.class);
            assertThat(eval("if(flag, 1, 2)")).isInstanceOf(Missing.class);
            assertThat(eval("lookup(amounts, level)")).isInstanceOf(Missing.class);
            assertThat(eval("country in codes")).isInstanceOf(Missing.class);
        }

        @Test
        void shouldTellWhetherAFactIsPresentWithoutMissing() {
            assertThat(eval("present(x)")).isEqualTo(false);
            assertThat(eval("present(x)", new Ctx().fact("x", BigDecimal.ONE))).isEqualTo(true);
            assertThat(eval("not present(x) or x > 0")).isEqualTo(true);
        }
    }

    @Nested
    class Functions {
        @Test
        void shouldTestMembershipOfListLiteralsAndListParameters() {
            Ctx ctx = new Ctx().fact("country", "JP").fact("countries", List.of("FR", "IT"));

            assertThat(eval("country in ['US', 'JP']", ctx)).isEqualTo(true);
            assertThat(eval("country in ['US']", ctx)).isEqualTo(false);
            assertThat(eval("country in codes", ctx)).isEqualTo(true);
            assertThat(eval("'IT' in countries", ctx)).isEqualTo(true);
            assertThat(eval("'US' in []", ctx)).isEqualTo(false);
            assertThat(eval("level in ['gold', 'silver']", new Ctx().fact("level", "silver")))
                    .isEqualTo(true);
        }

        @Test
        void shouldTakeMinimumAndMaximum() {
            Ctx ctx = new Ctx().fact("x", new BigDecimal("70000"));

            assertThat(number("min(x, 50000)", ctx)).isEqualByComparingTo("50000");
            assertThat(number("max(x, 50000)", ctx)).isEqualByComparingTo("70000");
            assertThat(number("min(3, 1, 2)", ctx)).isEqualByComparingTo("1");
            assertThat(number("max(7)", ctx)).isEqualByComparingTo("7");
        }

        @Test
        void shouldChooseABranchWithIf() {
            assertThat(number("if(flag, 1, 2)", new Ctx().fact("flag", true))).isEqualByComparingTo("1");
            assertThat(number("if(flag, 1, 2)", new Ctx().fact("flag", false))).isEqualByComparingTo("2");
            assertThat(eval("if(reading == 'per_case', 'a', 'b')")).isEqualTo("b");
        }

        @Test
        void shouldLookUpATableByKey() {
            assertThat(number("lookup(amounts, level)", new Ctx().fact("level", "silver")))
                    .isEqualByComparingTo("400000");
            assertThat(number("lookup(amounts, 'gold')", new Ctx())).isEqualByComparingTo("500000");
            assertThatThrownBy(() -> eval("lookup(amounts, country)", new Ctx().fact("country", "bronze")))
                    .isInstanceOfSatisfying(
                            EvaluationException.class, e -> assertThat(e.key()).isEqualTo("expr.lookup-no-key"))
                    .hasMessageContaining("表中没有键");
        }

        @Test
        void shouldReadAParameterAsOfADate() {
            Ctx ctx = new Ctx();

            assertThat(number("lpr", ctx)).isEqualByComparingTo("0.0300");
            assertThat(number("at(lpr, year_end(claim.year - 1))", ctx)).isEqualByComparingTo("0.0310");
            assertThat(number("at(lpr, date(2025, 5, 19))", ctx)).isEqualByComparingTo("0.0310");
            assertThat(number("at(lpr, date(2025, 5, 20))", ctx)).isEqualByComparingTo("0.0300");
        }

        @Test
        void shouldMakeMissingForAParameterWithNoValueAtTheDate() {
            Object v = eval("at(lpr, date(2020, 1, 1))");

            assertThat(v).isInstanceOfSatisfying(Missing.class, m -> assertThat(m.names())
                    .singleElement()
                    .asString()
                    .startsWith("parameter:lpr"));
        }

        @Test
        void shouldBuildDatesAndYearEnds() {
            assertThat(eval("year_end(2024)")).isEqualTo(LocalDate.of(2024, 12, 31));
            assertThat(eval("date(2024, 2, 29)")).isEqualTo(LocalDate.of(2024, 2, 29));
            assertThat(eval("year_end(claim.year)")).isEqualTo(LocalDate.of(2025, 12, 31));
            assertThatThrownBy(() -> eval("date(2025, 2, 29)"))
                    .isInstanceOfSatisfying(
                            EvaluationException.class, e -> assertThat(e.key()).isEqualTo("expr.bad-date"));
            assertThatThrownBy(() -> eval("date(2025.5, 1, 1)"))
                    .isInstanceOfSatisfying(
                            EvaluationException.class, e -> assertThat(e.key()).isEqualTo("expr.bad-date"));
        }

        @Test
        void shouldCollectTheFactsAnExpressionReads() {
            Set<String> into = new java.util.LinkedHashSet<>();
            Expr.compile("if(present(flag), x * rate, min(total, 5)) > 0 and country in codes", SCOPE, Type.BOOLEAN)
                    .collectFacts(into);

            assertThat(into).containsExactlyInAnyOrder("x", "total", "country");
        }
    }

    @Nested
    class LoadTimeErrors {
        static Stream<Arguments> errors() {
            return Stream.of(
                    arguments("unknown name", "x + nope", "expr.unknown-name", 5),
                    arguments("unknown subject field", "subject.colour == 'red'", "expr.unknown-name", 1),
                    arguments("unknown claim field", "claim.month > 3", "expr.unknown-name", 1),
                    arguments("at of a fact", "at(x, year_end(2024))", "expr.unknown-name", 4),
                    arguments("present of a parameter", "present(rate)", "expr.unknown-name", 9),
                    arguments("unknown function", "round(x, 2)", "expr.unknown-function", 1),
                    arguments("if with two arguments", "if(flag, 1)", "expr.arity", 1),
                    arguments("lookup with one argument", "lookup(amounts)", "expr.arity", 1),
                    arguments("min with none", "min()", "expr.arity", 1),
                    arguments("date with two", "date(2025, 1)", "expr.arity", 1),
                    arguments("number plus text", "x + 'a'", "expr.type-mismatch", null),
                    arguments("and of numbers", "x and flag", "expr.type-mismatch", null),
                    arguments("not of a number", "not x", "expr.type-mismatch", null),
                    arguments("number compared with text", "x == 'gold'", "expr.type-mismatch", 1),
                    arguments("ordering of texts", "level < 'silver'", "expr.type-mismatch", 1),
                    arguments("ordering of booleans", "flag > other", "expr.type-mismatch", 1),
                    arguments("lists compared", "codes == countries", "expr.type-mismatch", 1),
                    arguments("in of a number", "x in codes", "expr.type-mismatch", null),
                    arguments("in a text", "country in level", "expr.type-mismatch", null),
                    arguments("branches differ", "if(flag, 1, 'a')", "expr.type-mismatch", 1),
                    arguments("lookup on a number", "lookup(rate, 'a')", "expr.type-mismatch", null),
                    arguments("list of numbers", "country in [1, 2]", "expr.type-mismatch", null),
                    arguments("enum value not declared", "level == 'platinum'", "expr.unknown-value", 1),
                    arguments("enum value not declared, reversed", "'platinum' != level", "expr.unknown-value", 1),
                    arguments("switch option not declared", "reading == 'per_year'", "expr.unknown-value", 1),
                    arguments(
                            "enum value not declared in a list",
                            "level in ['gold', 'platinum']",
                            "expr.unknown-value",
                            null),
                    arguments("dangling operator", "x +", "expr.syntax", 4),
                    arguments("unclosed parenthesis", "(x + 1", "expr.syntax", 7),
                    arguments("unterminated string", "level == 'gold", "expr.syntax", 10),
                    arguments("two values", "x 2", "expr.syntax", 3),
                    arguments("stray character", "x # 2", "expr.syntax", 3),
                    arguments("bad number", "1..2 > x", "expr.syntax", 1),
                    arguments("empty", "", "expr.syntax", 1),
                    arguments("subject without field", "subject == 'a'", "expr.syntax", null),
                    arguments("unclosed list", "country in ['US'", "expr.syntax", null),
                    arguments("nested too deeply", "(".repeat(5000) + "x" + ")".repeat(5000), "expr.too-deep", null),
                    arguments("negated too deeply", "not ".repeat(5000) + "flag", "expr.too-deep", null),
                    arguments("minus too deeply", "-".repeat(5000) + "x", "expr.too-deep", null));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("errors")
        void shouldRefuseAtLoadTimeWithAStableKeyAndAChineseMessage(
                String what, String source, String key, Integer column) {
            assertThatThrownBy(() -> Expr.compile(source, SCOPE, null))
                    .as(what)
                    .isInstanceOfSatisfying(ExpressionException.class, e -> {
                        assertThat(e.key()).isEqualTo(key);
                        assertThat(e.getMessage()).containsPattern("\\p{IsHan}");
                        assertThat(e.column()).isPositive();
                        if (column != null) {
                            assertThat(e.column()).as("column").isEqualTo(column);
                        }
                    });
        }

        @Test
        void shouldRefuseAnExpressionOfTheWrongTypeForItsPlace() {
            assertThatThrownBy(() -> Expr.compile("x * rate", SCOPE, Type.BOOLEAN))
                    .isInstanceOfSatisfying(
                            ExpressionException.class, e -> assertThat(e.key()).isEqualTo("expr.type-mismatch"))
                    .hasMessageContaining("此处需要布尔");
        }

        @Test
        void shouldNameTheUnknownNameInTheMessage() {
            assertThatThrownBy(() -> Expr.compile("loan_intrest * rate", SCOPE, Type.NUMBER))
                    .hasMessageContaining("未知名称“loan_intrest”");
        }

        @Test
        void shouldListTheAllowedValuesOfAnEnum() {
            assertThatThrownBy(() -> Expr.compile("level == 'bronze'", SCOPE, Type.BOOLEAN))
                    .hasMessageContaining("bronze")
                    .hasMessageContaining("gold");
        }

        @Test
        void shouldAcceptKeywordsAsPrefixesOfNames() {
            Scope scope = new Scope() {
                @Override
                public Symbol resolve(String name) {
                    return Set.of("order", "notice", "index", "android").contains(name)
                            ? new Symbol(Kind.FACT, Type.BOOLEAN)
                            : null;
                }

                @Override
                public Type subjectField(String field) {
                    return null;
                }
            };
            Expr e = Expr.compile("order and notice or index and not android", scope, Type.BOOLEAN);

            Set<String> facts = new java.util.HashSet<>();
            e.collectFacts(facts);
            assertThat(facts).containsExactlyInAnyOrder("order", "notice", "index", "android");
        }
    }
}
