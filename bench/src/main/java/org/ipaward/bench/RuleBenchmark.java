package org.ipaward.bench;

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
 * Three rules, each decided {@value BenchInputs#RULE_BATCH} times per invocation on the same inputs: by the
 * engine (one single-claim request at a time, explain=false) and by {@link HandWritten} plain Java. The
 * score is nanoseconds per decision; engine ÷ hand-written is the rule's overhead. {@link #setup()} refuses
 * to run when the two disagree on any input.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RuleBenchmark {
    private Calculator calculator;

    private HandWritten.Intensive[] intensiveInputs;
    private CalculationRequest[] intensiveRequests;
    private HandWritten.Pledge[] pledgeInputs;
    private CalculationRequest[] pledgeRequests;
    private HandWritten.Foreign[] foreignInputs;
    private CalculationRequest[] foreignRequests;

    @Setup
    public void setup() {
        calculator = BenchInputs.calculator();
        var intensive = BenchInputs.intensiveCases(false);
        var pledge = BenchInputs.pledgeCases(false);
        var foreign = BenchInputs.foreignCases(false);
        intensiveInputs =
                intensive.stream().map(BenchInputs.IntensiveCase::input).toArray(HandWritten.Intensive[]::new);
        intensiveRequests =
                intensive.stream().map(BenchInputs.IntensiveCase::request).toArray(CalculationRequest[]::new);
        pledgeInputs = pledge.stream().map(BenchInputs.PledgeCase::input).toArray(HandWritten.Pledge[]::new);
        pledgeRequests = pledge.stream().map(BenchInputs.PledgeCase::request).toArray(CalculationRequest[]::new);
        foreignInputs = foreign.stream().map(BenchInputs.ForeignCase::input).toArray(HandWritten.Foreign[]::new);
        foreignRequests = foreign.stream().map(BenchInputs.ForeignCase::request).toArray(CalculationRequest[]::new);
        for (Object[] a : new Object[][] {
            intensiveInputs, intensiveRequests, pledgeInputs, pledgeRequests, foreignInputs, foreignRequests
        }) {
            if (a.length != BenchInputs.RULE_BATCH) {
                throw new IllegalStateException("each rule needs " + BenchInputs.RULE_BATCH + " inputs");
            }
        }
        // Never time two implementations that disagree.
        Agreement.check(calculator, intensive, pledge, foreign);
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void intensiveEngine(Blackhole bh) {
        for (CalculationRequest r : intensiveRequests) {
            bh.consume(calculator.calculate(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void intensiveHandWritten(Blackhole bh) {
        for (HandWritten.Intensive c : intensiveInputs) {
            bh.consume(HandWritten.intensive(c));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void pledgeEngine(Blackhole bh) {
        for (CalculationRequest r : pledgeRequests) {
            bh.consume(calculator.calculate(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void pledgeHandWritten(Blackhole bh) {
        for (HandWritten.Pledge c : pledgeInputs) {
            bh.consume(HandWritten.pledge(c));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void foreignEngine(Blackhole bh) {
        for (CalculationRequest r : foreignRequests) {
            bh.consume(calculator.calculate(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void foreignHandWritten(Blackhole bh) {
        for (HandWritten.Foreign c : foreignInputs) {
            bh.consume(HandWritten.foreign(c));
        }
    }
}
