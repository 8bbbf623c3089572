"""Re-statement chains as plain data: which recommendation repeats which.

An edge is (later_id, earlier_id): the later recommendation, or one of its
elements, re-states the earlier one. Pure functions, so a page can build every
chain from two small queries.
"""


def chains(edges):
    """Every chain, each from the first time the recommendation was made to its latest re-statement."""
    earlier_of = {}
    later_of = {}
    for later, earlier in sorted(set(edges)):
        earlier_of.setdefault(later, earlier)
        later_of.setdefault(earlier, later)
    firsts = sorted(earlier for earlier in later_of if earlier not in earlier_of)
    result = []
    for first in firsts:
        chain = [first]
        while chain[-1] in later_of and later_of[chain[-1]] not in chain:
            chain.append(later_of[chain[-1]])
        result.append(chain)
    return result


def chain_containing(edges, recommendation_id):
    """The chain a recommendation belongs to, or just itself."""
    for chain in chains(edges):
        if recommendation_id in chain:
            return chain
    return [recommendation_id]
