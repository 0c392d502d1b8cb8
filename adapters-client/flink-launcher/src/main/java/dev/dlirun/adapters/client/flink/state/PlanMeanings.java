package dev.dlirun.adapters.client.flink.state;

import java.util.List;

// placeholder until the meanings branch is merged
/**
 * PLACEHOLDER until the {@code meanings} branch is merged, which replaces this file: the stateful nodes of a compiled
 * plan, each with what its state means. This placeholder knows no meanings (it answers an empty list), so that the
 * state check compiles and, until the merge, compares no meanings (it says so in its verdicts).
 */
public final class PlanMeanings {

    /**
     * One stateful node of a compiled plan.
     *
     * @param description the description of the stream operator made from the node (its
     *                    {@code StreamNode#getOperatorDescription()})
     * @param meaning     what its state means; equal meanings mean the same state
     * @param summary     the meaning for people, e.g. {@code GroupAggregate(groupBy=[k]) count state}
     */
    public record StatefulNode(int nodeId, String type, String description, String meaning, String summary) {
    }

    private PlanMeanings() {
    }

    // placeholder until the meanings branch is merged
    public static List<StatefulNode> of(String compiledPlanJson) {
        return List.of();
    }
}
