package org.ipaward.bench;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ipaward.engine.calc.CalculationRequest;
import org.ipaward.engine.calc.Calculator;
import org.ipaward.engine.calc.ClaimResult;
import org.ipaward.engine.calc.Decision;
import org.ipaward.engine.calc.PreparedRequest;
import org.ipaward.engine.calc.Status;

/**
 * Checks that the engine, the hand-written rules and the peer DMN engines give the same answer on every
 * benchmark input: the same status (eligible or not) and, when eligible, the same amount to 分. The engine's
 * answer is its decision path ({@link Calculator#decide}, what the {@code <rule>Engine} benchmarks time), and
 * its full path ({@link Calculator#calculate}, timed by {@code <rule>EngineFull} and {@code <rule>EngineTraced})
 * must give the same status and amount, and its prepared path ({@link Calculator#decide(PreparedRequest)}, timed by
 * {@code <rule>EngineTyped}) the same decision, or the input counts as a mismatch too.
 */
public final class Agreement {
    private Agreement() {}

    /** One input on which the two disagree. */
    public record Mismatch(String rule, int index, String engine, String handWritten) {}

    /** Every disagreement between the engine and the hand-written rules; empty when they agree throughout. */
    public static List<Mismatch> mismatches(
            Calculator calculator,
            List<BenchInputs.IntensiveCase> intensive,
            List<BenchInputs.PledgeCase> pledge,
            List<BenchInputs.ForeignCase> foreign) {
        List<Mismatch> out = new ArrayList<>();
        compare(
                calculator,
                "JD-patent-intensive",
                intensive,
                BenchInputs.IntensiveCase::request,
                c -> HandWritten.intensive(c.input()),
                out);
        compare(
                calculator,
                "PG-pledge",
                pledge,
                BenchInputs.PledgeCase::request,
                c -> HandWritten.pledge(c.input()),
                out);
        compare(
                calculator,
                "JD-litigation-foreign",
                foreign,
                BenchInputs.ForeignCase::request,
                c -> HandWritten.foreign(c.input()),
                out);
        return out;
    }

    /** Throws when the engine and the hand-written rules disagree anywhere. */
    public static void check(
            Calculator calculator,
            List<BenchInputs.IntensiveCase> intensive,
            List<BenchInputs.PledgeCase> pledge,
            List<BenchInputs.ForeignCase> foreign) {
        List<Mismatch> m = mismatches(calculator, intensive, pledge, foreign);
        if (!m.isEmpty()) {
            throw new IllegalStateException("the engine and the hand-written rules disagree: " + m);
        }
    }

    /** One input on which a peer DMN engine disagrees with the ipaward engine. */
    public record PeerMismatch(String peer, String rule, int index, String engine, String answer) {}

    /**
     * Every disagreement between the ipaward engine and the KIE and Camunda DMN engines on the three rules'
     * inputs; empty when all agree. A peer that fails to evaluate an input counts as disagreeing.
     */
    public static List<PeerMismatch> peerMismatches(
            Calculator calculator,
            PeerEngines.Kie kie,
            PeerEngines.Camunda camunda,
            List<BenchInputs.IntensiveCase> intensive,
            List<BenchInputs.PledgeCase> pledge,
            List<BenchInputs.ForeignCase> foreign) {
        List<PeerMismatch> out = new ArrayList<>();
        comparePeers(
                calculator,
                kie,
                camunda,
                PeerEngines.Rule.INTENSIVE,
                intensive,
                BenchInputs.IntensiveCase::request,
                c -> PeerEngines.variables(c.input()),
                out);
        comparePeers(
                calculator,
                kie,
                camunda,
                PeerEngines.Rule.PLEDGE,
                pledge,
                BenchInputs.PledgeCase::request,
                c -> PeerEngines.variables(c.input()),
                out);
        comparePeers(
                calculator,
                kie,
                camunda,
                PeerEngines.Rule.FOREIGN,
                foreign,
                BenchInputs.ForeignCase::request,
                c -> PeerEngines.variables(c.input()),
                out);
        return out;
    }

    /** Throws when a peer DMN engine disagrees with the ipaward engine anywhere. */
    public static void checkPeers(
            Calculator calculator,
            PeerEngines.Kie kie,
            PeerEngines.Camunda camunda,
            List<BenchInputs.IntensiveCase> intensive,
            List<BenchInputs.PledgeCase> pledge,
            List<BenchInputs.ForeignCase> foreign) {
        List<PeerMismatch> m = peerMismatches(calculator, kie, camunda, intensive, pledge, foreign);
        if (!m.isEmpty()) {
            throw new IllegalStateException("the peer DMN engines and the ipaward engine disagree: " + m);
        }
    }

    private static <C> void comparePeers(
            Calculator calculator,
            PeerEngines.Kie kie,
            PeerEngines.Camunda camunda,
            PeerEngines.Rule rule,
            List<C> cases,
            Function<C, CalculationRequest> request,
            Function<C, Map<String, Object>> variables,
            List<PeerMismatch> out) {
        for (int i = 0; i < cases.size(); i++) {
            C c = cases.get(i);
            Decision r = decision(calculator, request.apply(c));
            String engine = r.status() == Status.ELIGIBLE
                    ? r.amount().toPlainString()
                    : r.status().id();
            Map<String, Object> vars = variables.apply(c);
            peer("kie", rule, i, r, engine, () -> kie.award(kie.model(rule), kie.context(vars)), out);
            peer(
                    "camunda",
                    rule,
                    i,
                    r,
                    engine,
                    () -> camunda.award(camunda.decision(rule), camunda.context(vars)),
                    out);
        }
    }

    private static void peer(
            String peer,
            PeerEngines.Rule rule,
            int index,
            Decision r,
            String engine,
            Supplier<Object> answer,
            List<PeerMismatch> out) {
        BigDecimal amount;
        try {
            amount = PeerEngines.amount(answer.get());
        } catch (RuntimeException e) {
            out.add(new PeerMismatch(peer, rule.model(), index, engine, "failed: " + e.getMessage()));
            return;
        }
        boolean same = r.status() == Status.ELIGIBLE
                ? amount != null && amount.compareTo(r.amount()) == 0
                : r.status() == Status.NOT_ELIGIBLE && amount == null;
        if (!same) {
            String mine = amount == null ? Status.NOT_ELIGIBLE.id() : amount.toPlainString();
            out.add(new PeerMismatch(peer, rule.model(), index, engine, mine));
        }
    }

    private static <C> void compare(
            Calculator calculator,
            String rule,
            List<C> cases,
            Function<C, CalculationRequest> request,
            Function<C, BigDecimal> handWritten,
            List<Mismatch> out) {
        for (int i = 0; i < cases.size(); i++) {
            C c = cases.get(i);
            CalculationRequest q = request.apply(c);
            Decision r = decision(calculator, q);
            ClaimResult full = calculator.calculate(q).results().get(0);
            if (full.status() != r.status() || !java.util.Objects.equals(full.amount(), r.amount())) {
                out.add(new Mismatch(
                        rule,
                        i,
                        "decide: " + r.status().id() + " " + r.amount(),
                        "calculate: " + full.status().id() + " " + full.amount()));
            }
            Decision typed = calculator.decide(calculator.prepare(q)).get(0);
            if (!typed.equals(r)) {
                out.add(new Mismatch(rule, i, "decide: " + r, "decide prepared: " + typed));
            }
            BigDecimal hand = handWritten.apply(c);
            String engine = r.status() == Status.ELIGIBLE
                    ? r.amount().toPlainString()
                    : r.status().id();
            String mine = hand == null ? Status.NOT_ELIGIBLE.id() : hand.toPlainString();
            boolean same = r.status() == Status.ELIGIBLE
                    ? hand != null
                            && hand.compareTo(r.amount()) == 0
                            && hand.scale() == r.amount().scale()
                    : r.status() == Status.NOT_ELIGIBLE && hand == null;
            if (!same) {
                out.add(new Mismatch(rule, i, engine, mine));
            }
        }
    }

    /**
     * Throws unless each prepared request decides exactly as the raw request it was prepared from (the raw requests
     * being checked against the hand-written rules by {@link #check}).
     */
    public static void checkPrepared(Calculator calculator, CalculationRequest[] raw, PreparedRequest[] prepared) {
        for (int i = 0; i < raw.length; i++) {
            List<Decision> a = calculator.decide(raw[i]);
            for (int round = 0; round < 2; round++) {
                List<Decision> b = calculator.decide(prepared[i]);
                if (!a.equals(b) || prepared[i].request() != raw[i]) {
                    throw new IllegalStateException(
                            "input " + i + ": the prepared request decides " + b + ", the raw request " + a);
                }
            }
        }
    }

    /** The engine's decision on a single-claim request. */
    private static Decision decision(Calculator calculator, CalculationRequest request) {
        return calculator.decide(request).get(0);
    }
}
