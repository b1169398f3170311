package org.ipaward.bench;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.camunda.bpm.dmn.engine.DmnDecision;
import org.camunda.bpm.engine.variable.context.VariableContext;
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
 * the same inputs, with the two DMN engines beside the engine and the hand-written code, so that one JMH run
 * gives all of them side by side. The engine and hand-written methods ({@code <rule>Engine} — the decision path
 * —, {@code <rule>EngineTyped} — the same on requests prepared once —, {@code <rule>EngineFull}, {@code
 * <rule>EngineTraced}, {@code <rule>HandWritten}) and their set-up are
 * inherited from {@link RuleBenchmark} (JMH runs a superclass's {@code @Setup} and {@code @Benchmark} methods
 * for a subclass); this class adds:
 *
 * <ul>
 *   <li>{@code <rule>Kie}: the Apache KIE (Drools) DMN engine on {@code dmn/<rule>.dmn};
 *   <li>{@code <rule>Camunda}: the Camunda 7 DMN engine (Scala FEEL) on the same {@code dmn/<rule>.dmn}.
 * </ul>
 *
 * <p>Every implementation gets its input ready-built, as the engine gets its requests: DMN contexts and Camunda
 * variable contexts are built in {@link #setupPeers()}. The score is nanoseconds per decision. The set-up
 * refuses to run unless all give the same status and amount to 分 on every input.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PeerBenchmark extends RuleBenchmark {
    private PeerEngines.Kie kie;
    private PeerEngines.Camunda camunda;

    private DMNContext[] intensiveKie;
    private VariableContext[] intensiveCamunda;
    private DMNContext[] pledgeKie;
    private VariableContext[] pledgeCamunda;
    private DMNContext[] foreignKie;
    private VariableContext[] foreignCamunda;

    /** Runs {@link RuleBenchmark#setup()} first (idempotent: JMH generates a call to both, in no promised order). */
    @Setup
    public void setupPeers() {
        setup();
        kie = PeerEngines.Kie.load();
        camunda = PeerEngines.Camunda.load();
        var intensive = BenchInputs.intensiveCases(false);
        var pledge = BenchInputs.pledgeCases(false);
        var foreign = BenchInputs.foreignCases(false);

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

        // Never time implementations that disagree: both peers against the engine's decision path (the engine
        // against the hand-written rules is checked in RuleBenchmark.setup()) ...
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
