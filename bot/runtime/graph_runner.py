"""A graph runner that calls the prediction graph's nodes in order, without dask.

Rasa 3.6 runs the model's graph with `DaskGraphRunner` on every message twice (NLU parse,
then policy prediction). Each run recomputes the minimal schema, builds a dask graph and
hands it to dask's scheduler; for our small graph that bookkeeping cost more than the
components themselves. The prediction graph is tiny and runs on one thread anyway, so this
runner works out each target list's execution order once and then just calls the nodes.
The nodes are Rasa's own `GraphNode`s, so loading, hooks and errors behave as before.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import ExecutionContext, GraphNode, GraphNodeHook, GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.runner.interface import GraphRunner
from rasa.engine.storage.storage import ModelStorage

# One step of a plan: the node to call and the names whose outputs it takes.
Step = tuple[str, tuple[str, ...]]


class SequentialGraphRunner(GraphRunner):
    """Runs a graph schema's nodes one after another in dependency order."""

    def __init__(self, graph_schema: GraphSchema, nodes: dict[str, GraphNode]) -> None:
        self._graph_schema = graph_schema
        self._nodes = nodes
        self._plans: dict[tuple[str, ...], list[Step]] = {}

    @classmethod
    def create(
        cls,
        graph_schema: GraphSchema,
        model_storage: ModelStorage,
        execution_context: ExecutionContext,
        hooks: list[GraphNodeHook] | None = None,
    ) -> SequentialGraphRunner:
        """Instantiate the schema's nodes (see `GraphRunner.create`)."""
        nodes = {
            name: GraphNode.from_schema_node(name, node, model_storage, execution_context, hooks)
            for name, node in graph_schema.nodes.items()
        }
        return cls(graph_schema, nodes)

    @classmethod
    def replacing(cls, runner: GraphRunner) -> GraphRunner:
        """The same loaded nodes without dask; other runners are returned unchanged."""
        if not isinstance(runner, DaskGraphRunner):
            return runner
        return cls(runner._graph_schema, runner._instantiated_nodes)

    def _plan(self, targets: tuple[str, ...]) -> list[Step]:
        """The targets' dependencies, each after everything it needs, each once."""
        plan: list[Step] = []
        placed: set[str] = set()
        visiting: set[str] = set()

        def place(name: str) -> None:
            if name in placed or name not in self._graph_schema.nodes:
                return  # done already, or an input placeholder such as __message__
            if name in visiting:
                raise GraphRunError(f"The graph has a cycle through node '{name}'.")
            visiting.add(name)
            needs = tuple(self._graph_schema.nodes[name].needs.values())
            for need in needs:
                place(need)
            visiting.discard(name)
            placed.add(name)
            plan.append((name, needs))

        for target in targets:
            place(target)
        return plan

    def run(
        self,
        inputs: dict[str, Any] | None = None,
        targets: list[str] | None = None,
    ) -> dict[str, Any]:
        """Run the nodes the targets need and return the targets' outputs by name."""
        run_targets = tuple(targets if targets else self._graph_schema.target_names)
        plan = self._plans.get(run_targets)
        if plan is None:
            plan = self._plans[run_targets] = self._plan(run_targets)
        # Node outputs are `(name, value)` pairs, as GraphNode takes and returns them.
        outputs: dict[str, Any] = {}
        for name, value in (inputs or {}).items():
            if name in self._graph_schema.nodes:
                raise GraphRunError(
                    f"Input value '{name}' clashes with a node name. Make sure that none "
                    f"of the input names passed to the `run` method are the same as node "
                    f"names in the graph schema."
                )
            outputs[name] = (name, value)
        for name, needs in plan:
            # A need nobody provides reaches the node as its bare name, as with dask;
            # GraphNode then reports the missing input.
            outputs[name] = self._nodes[name](*(outputs.get(need, need) for need in needs))
        try:
            return dict(outputs[target] for target in run_targets)
        except KeyError as exc:
            raise GraphRunError(f"Target {exc} is neither a node nor an input.") from exc
