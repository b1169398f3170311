package org.ipaward.bench;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.kie.dmn.api.core.DMNContext;
import org.kie.dmn.api.core.DMNModel;
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
 * The three rules of {@link RuleBenchmark}, each decided {@value BenchInputs#RULE_BATCH} times per invocation on
 * the same inputs by four implementations, so that one JMH run gives all four side by side:
 *
 * <ul>
 *   <li>{@code <rule>Engine}: the ipaward engine, one single-claim request at a time, {@code explain=false}
 *       (exactly as {@link RuleBenchmark} calls it);
 *   <li>{@code <rule>HandWritten}: {@link HandWritten} plain Java with {@link BigDecimal};
 *   <li>{@code <rule>Kie}: the Apache KIE (Drools) DMN engine on {@code dmn/<rule>.dmn};
 *   <li>{@code <rule>Camunda}: the Camunda 7 DMN engine (Scala FEEL) on the same {@code dmn/<rule>.dmn}.
 * </ul>
 *
 * <p>Every implementation gets its input ready-built, as the engine gets its requests: DMN contexts and Camunda
 * variable contexts are built in {@link #setup()}. The score is nanoseconds per decision. {@link #setup()}
 * refuses to run unless all four give the same status and amount to 分 on every input.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PeerBenchmark {
    private Calculator calculator;
    private PeerEngines.Kie kie;
    private PeerEngines.Camunda camunda;

    private HandWritten.Intensive[] intensiveInputs;
    private CalculationRequest[] intensiveRequests;
    private DMNContext[] intensiveKie;
    private VariableContext[] intensiveCamunda;
    private HandWritten.Pledge[] pledgeInputs;
    private CalculationRequest[] pledgeRequests;
    private DMNContext[] pledgeKie;
    private VariableContext[] pledgeCamunda;
    private HandWritten.Foreign[] foreignInputs;
    private CalculationRequest[] foreignRequests;
    private DMNContext[] foreignKie;
    private VariableContext[] foreignCamunda;

    @Setup
    public void setup() {
        calculator = BenchInputs.calculator();
        kie = PeerEngines.Kie.load();
        camunda = PeerEngines.Camunda.load();
        var intensive = BenchInputs.intensiveCases(false);
        var pledge = BenchInputs.pledgeCases(false);
        var foreign = BenchInputs.foreignCases(false);
        if (intensive.size() != BenchInputs.RULE_BATCH
                || pledge.size() != BenchInputs.RULE_BATCH
                || foreign.size() != BenchInputs.RULE_BATCH) {
            throw new IllegalStateException("each rule needs " + BenchInputs.RULE_BATCH + " inputs");
        }
        intensiveInputs =
                intensive.stream().map(BenchInputs.IntensiveCase::input).toArray(HandWritten.Intensive[]::new);
        intensiveRequests =
                intensive.stream().map(BenchInputs.IntensiveCase::request).toArray(CalculationRequest[]::new);
        pledgeInputs = pledge.stream().map(BenchInputs.PledgeCase::input).toArray(HandWritten.Pledge[]::new);
        pledgeRequests = pledge.stream().map(BenchInputs.PledgeCase::request).toArray(CalculationRequest[]::new);
        foreignInputs = foreign.stream().map(BenchInputs.ForeignCase::input).toArray(HandWritten.Foreign[]::new);
        foreignRequests = foreign.stream().map(BenchInputs.ForeignCase::request).toArray(CalculationRequest[]::new);

        List<Map<String, Object>> intensiveVars =
                intensive.stream().map(c -> PeerEngines.variables(c.input())).toList();
        List<Map<String, Object>> pledgeVars =
                pledge.stream().map(c -> PeerEngines.variables(c.input())).toList();
        List<Map<String, Object>> foreignVars =
                foreign.stream().map(c -> PeerEngines.variables(c.input())).toList();
        intensiveKie = intensiveVars.stream().map(kie::context).toArray(DMNContext[]::new);
        pledgeKie = pledgeVars.stream().map(kie::context).toArray(DMNContext[]::new);
        foreignKie = foreignVars.stream().map(kie::context).toArray(DMNContext[]::new);
        intensiveCamunda = intensiveVars.stream().map(camunda::context).toArray(VariableContext[]::new);
        pledgeCamunda = pledgeVars.stream().map(camunda::context).toArray(VariableContext[]::new);
        foreignCamunda = foreignVars.stream().map(camunda::context).toArray(VariableContext[]::new);

        // Never time implementations that disagree: the hand-written rules and both peers against the engine ...
        Agreement.check(calculator, intensive, pledge, foreign);
        Agreement.checkPeers(calculator, kie, camunda, intensive, pledge, foreign);
        // ... and the very contexts timed below, each evaluated twice, against the hand-written answers.
        checkTimedInputs(
                PeerEngines.Rule.INTENSIVE, intensiveKie, intensiveCamunda, intensiveInputs, HandWritten::intensive);
        checkTimedInputs(PeerEngines.Rule.PLEDGE, pledgeKie, pledgeCamunda, pledgeInputs, HandWritten::pledge);
        checkTimedInputs(PeerEngines.Rule.FOREIGN, foreignKie, foreignCamunda, foreignInputs, HandWritten::foreign);
    }

    private <T> void checkTimedInputs(
            PeerEngines.Rule rule,
            DMNContext[] kieContexts,
            VariableContext[] camundaContexts,
            T[] inputs,
            Function<T, BigDecimal> handWritten) {
        for (int i = 0; i < inputs.length; i++) {
            BigDecimal expected = handWritten.apply(inputs[i]);
            for (int round = 0; round < 2; round++) {
                BigDecimal k = PeerEngines.amount(kie.award(kie.model(rule), kieContexts[i]));
                BigDecimal c = PeerEngines.amount(camunda.award(camunda.decision(rule), camundaContexts[i]));
                if (!sameAmount(expected, k) || !sameAmount(expected, c)) {
                    throw new IllegalStateException(rule.model() + " input " + i + ": hand-written " + expected
                            + ", KIE " + k + ", Camunda " + c);
                }
            }
        }
    }

    private static boolean sameAmount(BigDecimal a, BigDecimal b) {
        return a == null || b == null ? Objects.equals(a, b) : a.compareTo(b) == 0;
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void intensiveEngine(Blackhole bh) {
        for (CalculationRequest q : intensiveRequests) {
            bh.consume(calculator.calculate(q));
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
    public void intensiveKie(Blackhole bh) {
        DMNModel model = kie.model(PeerEngines.Rule.INTENSIVE);
        for (DMNContext c : intensiveKie) {
            bh.consume(kie.award(model, c));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void intensiveCamunda(Blackhole bh) {
        DmnDecision decision = camunda.decision(PeerEngines.Rule.INTENSIVE);
        for (VariableContext c : intensiveCamunda) {
            bh.consume(camunda.award(decision, c));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void pledgeEngine(Blackhole bh) {
        for (CalculationRequest q : pledgeRequests) {
            bh.consume(calculator.calculate(q));
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
    public void pledgeKie(Blackhole bh) {
        DMNModel model = kie.model(PeerEngines.Rule.PLEDGE);
        for (DMNContext c : pledgeKie) {
            bh.consume(kie.award(model, c));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void pledgeCamunda(Blackhole bh) {
        DmnDecision decision = camunda.decision(PeerEngines.Rule.PLEDGE);
        for (VariableContext c : pledgeCamunda) {
            bh.consume(camunda.award(decision, c));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void foreignEngine(Blackhole bh) {
        for (CalculationRequest q : foreignRequests) {
            bh.consume(calculator.calculate(q));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void foreignHandWritten(Blackhole bh) {
        for (HandWritten.Foreign c : foreignInputs) {
            bh.consume(HandWritten.foreign(c));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void foreignKie(Blackhole bh) {
        DMNModel model = kie.model(PeerEngines.Rule.FOREIGN);
        for (DMNContext c : foreignKie) {
            bh.consume(kie.award(model, c));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchInputs.RULE_BATCH)
    public void foreignCamunda(Blackhole bh) {
        DmnDecision decision = camunda.decision(PeerEngines.Rule.FOREIGN);
        for (VariableContext c : foreignCamunda) {
            bh.consume(camunda.award(decision, c));
        }
    }
}
