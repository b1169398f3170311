package org.ipaward.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/** Runs every benchmark method once, untimed, so a broken benchmark fails the build rather than the run. */
class BenchmarkSmokeTests {
    private static final List<Class<?>> BENCHMARKS =
            List.of(CalculatorBenchmark.class, RuleBenchmark.class, PeerBenchmark.class);

    /**
     * Every benchmark JMH runs: each class's own and inherited {@code @Benchmark} methods (PeerBenchmark
     * inherits RuleBenchmark's), named and run on the class JMH runs them on.
     */
    static Stream<Arguments> benchmarkMethods() {
        return BENCHMARKS.stream().flatMap(c -> Arrays.stream(c.getMethods())
                .filter(m -> m.isAnnotationPresent(Benchmark.class))
                .sorted(java.util.Comparator.comparing(Method::getName))
                .map(m -> Arguments.of(c.getSimpleName() + "." + m.getName(), c, m)));
    }

    /**
     * One set-up state per benchmark class, as in a JMH fork (loading the DMN engines takes seconds), with the
     * {@code @Setup} methods run as JMH runs them: a superclass's before a subclass's.
     */
    private static final Map<Class<?>, Object> STATES = new HashMap<>();

    private static Object state(Class<?> benchmark) throws Exception {
        Object state = STATES.get(benchmark);
        if (state == null) {
            state = benchmark.getConstructor().newInstance();
            List<Class<?>> hierarchy = new java.util.ArrayList<>();
            for (Class<?> k = benchmark; k != Object.class; k = k.getSuperclass()) {
                hierarchy.add(0, k);
            }
            for (Class<?> k : hierarchy) {
                for (Method m : k.getDeclaredMethods()) {
                    if (m.isAnnotationPresent(Setup.class)) {
                        m.invoke(state);
                    }
                }
            }
            STATES.put(benchmark, state);
        }
        return state;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("benchmarkMethods")
    void runs_once(String name, Class<?> benchmark, Method method) throws Exception {
        Object state = state(benchmark);
        Blackhole bh = new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        try {
            method.invoke(state, bh);
        } finally {
            bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
        }
    }

    @Test
    void there_are_thirty_nine_benchmarks() {
        // 3 calculator; 3 rules × (engine, engine typed, engine full, engine traced, hand-written); the same 15
        // inherited by PeerBenchmark and 3 rules × (KIE, Camunda)
        assertThat(benchmarkMethods()).hasSize(39);
        assertThat(benchmarkMethods().map(a -> (String) a.get()[0]))
                .contains(
                        "PeerBenchmark.pledgeEngine",
                        "PeerBenchmark.intensiveEngineTyped",
                        "PeerBenchmark.pledgeKie",
                        "RuleBenchmark.pledgeEngineTraced",
                        "RuleBenchmark.foreignEngineTyped");
    }
}
