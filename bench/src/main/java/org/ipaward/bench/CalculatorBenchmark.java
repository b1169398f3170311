package org.ipaward.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the calculator on a mixed batch of {@value BenchInputs#MIXED_BATCH} single-claim requests
 * of both policies (see {@link BenchInputs#mixedBatch}), with and without the Chinese explanation — the
 * score is nanoseconds per claim — and on whole multi-claim applications with the explanation (nanoseconds
 * per application).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CalculatorBenchmark {
    private Calculator calculator;
    private CalculationRequest[] withExplanation;
    private CalculationRequest[] withoutExplanation;
    private CalculationRequest[] applications;

    @Setup
    public void setup() {
        calculator = BenchInputs.calculator();
        withExplanation = toArray(BenchInputs.mixedBatch(true));
        withoutExplanation = toArray(BenchInputs.mixedBatch(false));
        applications = BenchInputs.applications(true).toArray(new CalculationRequest[0]);
        if (applications.length != BenchInputs.APPLICATIONS) {
            throw new IllegalStateException("expected " + BenchInputs.APPLICATIONS + " applications");
        }
    }

    private static CalculationRequest[] toArray(List<CalculationRequest> requests) {
        if (requests.size() != BenchInputs.MIXED_BATCH) {
            throw new IllegalStateException("the batch must hold " + BenchInputs.MIXED_BATCH + " requests");
        }
        return requests.toArray(new CalculationRequest[0]);
    }

    /** Every claim with its explanation trace (explain=true), as the application shows it. */
    @Benchmark
    @OperationsPerInvocation(BenchInputs.MIXED_BATCH)
    public void mixedWithExplanation(Blackhole bh) {
        for (CalculationRequest r : withExplanation) {
            bh.consume(calculator.calculate(r));
        }
    }

    /** The same claims without the trace (explain=false), as a bulk replay runs them. */
    @Benchmark
    @OperationsPerInvocation(BenchInputs.MIXED_BATCH)
    public void mixedWithoutExplanation(Blackhole bh) {
        for (CalculationRequest r : withoutExplanation) {
            bh.consume(calculator.calculate(r));
        }
    }

    /**
     * Whole applications — one request of several claims of one subject, later claims counting against the
     * caps of earlier ones — with the full explanation. The score is nanoseconds per application.
     */
    @Benchmark
    @OperationsPerInvocation(BenchInputs.APPLICATIONS)
    public void applicationWithExplanation(Blackhole bh) {
        for (CalculationRequest r : applications) {
            bh.consume(calculator.calculate(r));
        }
    }
}
