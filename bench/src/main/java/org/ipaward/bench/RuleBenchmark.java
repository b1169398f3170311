package org.ipaward.bench;

import java.util.concurrent.TimeUnit;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.PreparedRequest;
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
 * Three rules, each decided {@value BenchInputs#RULE_BATCH} times per invocation on the same inputs, one
 * single-claim request at a time:
 *
 * <ul>
 *   <li>{@code <rule>Engine}: the engine's decision path, {@link Calculator#decide} — status, amount and the
 *       failed check, the question the hand-written code and the DMN engines answer;
 *   <li>{@code <rule>EngineTyped}: the same decision on the same requests prepared once in the set-up ({@link
 *       Calculator#prepare}: checked, typed and bound to the measure's slots, the built-in checks on the subject and
 *       the dates decided), {@link Calculator#decide(PreparedRequest)} — as the hand-written code gets typed inputs;
 *   <li>{@code <rule>EngineFull}: {@link Calculator#calculate} with {@code explain=false} — the full result
 *       with every check, cap result and the ledger entry, no trace;
 *   <li>{@code <rule>EngineTraced}: {@link Calculator#calculate} with {@code explain=true} — the full result
 *       with its Chinese trace, as the application shows it;
 *   <li>{@code <rule>HandWritten}: {@link HandWritten} plain Java.
 * </ul>
 *
 * <p>The score is nanoseconds per decision; engine ÷ hand-written is the rule's overhead. {@link #setup()}
 * refuses to run when the engine (either path) and the hand-written code disagree on any input. {@link
 * PeerBenchmark} extends this class and adds the DMN engines.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RuleBenchmark {
    protected Calculator calculator;

    protected HandWritten.Intensive[] intensiveInputs;
    protected CalculationRequest[] intensiveRequests;
    protected PreparedRequest[] intensivePrepared;
    protected CalculationRequest[] intensiveTraced;
    protected HandWritten.Pledge[] pledgeInputs;
    protected CalculationRequest[] pledgeRequests;
    protected PreparedRequest[] pledgePrepared;
    protected CalculationRequest[] pledgeTraced;
    protected HandWritten.Foreign[] foreignInputs;
    protected CalculationRequest[] foreignRequests;
    protected PreparedRequest[] foreignPrepared;
    protected CalculationRequest[] foreignTraced;

    /** Idempotent: {@link PeerBenchmark#setupPeers()} may run it first (JMH promises no order between them). */
    @Setup
    public void setup() {
        if (calculator != null) {
            return;
        }
        Calculator calculator = BenchInputs.calculator();
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
        var intensiveExplained = BenchInputs.intensiveCases(true);
        var pledgeExplained = BenchInputs.pledgeCases(true);
        var foreignExplained = BenchInputs.foreignCases(true);
        intensiveTraced = intensiveExplained.stream()
                .map(BenchInputs.IntensiveCase::request)
                .toArray(CalculationRequest[]::new);
        pledgeTraced =
                pledgeExplained.stream().map(BenchInputs.PledgeCase::request).toArray(CalculationRequest[]::new);
        foreignTraced =
                foreignExplained.stream().map(BenchInputs.ForeignCase::request).toArray(CalculationRequest[]::new);
        intensivePrepared = prepare(calculator, intensiveRequests);
        pledgePrepared = prepare(calculator, pledgeRequests);
        foreignPrepared = prepare(calculator, foreignRequests);
        for (Object[] a : new Object[][] {
            intensivePrepared, pledgePrepared, foreignPrepared,
            intensiveInputs, intensiveRequests, intensiveTraced,
            pledgeInputs, pledgeRequests, pledgeTraced,
            foreignInputs, foreignRequests, foreignTraced
        }) {
            if (a.length != BenchInputs.RULE_BATCH) {
                throw new IllegalStateException("each rule needs " + BenchInputs.RULE_BATCH + " inputs");
            }
        }
        // Never time two implementations that disagree: the decision path, the full path (with and without the
        // trace) and the hand-written rules.
        Agreement.check(calculator, intensive, pledge, foreign);
        Agreement.check(calculator, intensiveExplained, pledgeExplained, foreignExplained);
        // ... and the very prepared requests timed below against the raw ones.
        Agreement.checkPrepared(calculator, intensiveRequests, intensivePrepared);
        Agreement.checkPrepared(calculator, pledgeRequests, pledgePrepared);
        Agreement.checkPrepared(calculator, foreignRequests, foreignPrepared);
        this.calculator = calculator;
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void intensiveEngine(Blackhole bh) {
        for (CalculationRequest r : intensiveRequests) {
            bh.consume(calculator.decide(r));
        }
    }

    private static PreparedRequest[] prepare(Calculator calculator, CalculationRequest[] requests) {
        PreparedRequest[] out = new PreparedRequest[requests.length];
        for (int i = 0; i < requests.length; i++) {
            out[i] = calculator.prepare(requests[i]);
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void intensiveEngineTyped(Blackhole bh) {
        for (PreparedRequest r : intensivePrepared) {
            bh.consume(calculator.decide(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void intensiveEngineFull(Blackhole bh) {
        for (CalculationRequest r : intensiveRequests) {
            bh.consume(calculator.calculate(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void intensiveEngineTraced(Blackhole bh) {
        for (CalculationRequest r : intensiveTraced) {
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
            bh.consume(calculator.decide(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void pledgeEngineTyped(Blackhole bh) {
        for (PreparedRequest r : pledgePrepared) {
            bh.consume(calculator.decide(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void pledgeEngineFull(Blackhole bh) {
        for (CalculationRequest r : pledgeRequests) {
            bh.consume(calculator.calculate(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void pledgeEngineTraced(Blackhole bh) {
        for (CalculationRequest r : pledgeTraced) {
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
            bh.consume(calculator.decide(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void foreignEngineTyped(Blackhole bh) {
        for (PreparedRequest r : foreignPrepared) {
            bh.consume(calculator.decide(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void foreignEngineFull(Blackhole bh) {
        for (CalculationRequest r : foreignRequests) {
            bh.consume(calculator.calculate(r));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void foreignEngineTraced(Blackhole bh) {
        for (CalculationRequest r : foreignTraced) {
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
