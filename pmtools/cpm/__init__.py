"""The critical path method: the task graph, the leaf network and its passes.

``graph`` orders and checks the links (topological levels, cycles);
``network`` builds the leaf network of a project (summary links expanded);
``passes`` runs the forward and backward pass once; ``progress`` applies the
status date's progress; ``batched`` runs the passes over many duration vectors
at once for the Monte Carlo simulation; ``level`` delays tasks so that no
resource is over-allocated (resource levelling). Everything here works on arrays of
whole or fractional working-day offsets and knows nothing of files or reports.
"""
