"""Re-statement chains as plain data: which recommendation repeats which.

An edge is (later_id, earlier_id): the later recommendation, or one of its
elements, re-states the earlier one. Pure functions, so a page can build every
chain from two small queries.
"""


def chains(edges):
    """Every chain, each from the first time the recommendation was made to a latest re-statement.

    Where one recommendation is re-stated twice, each branch is its own chain.
    """
    earlier_of = {}
    later_of = {}
    for later, earlier in sorted(set(edges)):
        earlier_of.setdefault(later, earlier)
        later_of.setdefault(earlier, []).append(later)
    result = []

    def walk(chain):
        nexts = [n for n in later_of.get(chain[-1], []) if n not in chain]
        if not nexts:
            result.append(chain)
        for n in nexts:
            walk([*chain, n])

    for first in sorted(earlier for earlier in later_of if earlier not in earlier_of):
        walk([first])
    return result


def chain_containing(id_chains, recommendation_id):
    """The chain (of those chains() gave) a recommendation belongs to, or just itself."""
    return next((chain for chain in id_chains if recommendation_id in chain), [recommendation_id])
