"""Words that say nothing about what a text is about; the matcher (proposals/matching.py)
leaves them out."""

STOP_WORDS = frozenset(
    """about above after again against all also although always among and another any are
    around because been before being below between both but can cannot could did does doing
    done down during each either enough even ever every few first for from further get gets
    getting give given goes going got had has have having her here hers him his how however
    into its itself just keep know last least less let like likely made make makes many may
    might more most much must need needs never next none nor not now off often once one only
    onto other others our ours out over own per quite rather really same see seem several shall
    she should since some still such take than that the their theirs them then there these they
    thing things this those though three through thus too two under until upon very want was
    way well were what when where whether which while who whom whose why will with within
    without would year years yet you your yours""".split()  # noqa: SIM905
)

# Words common to every firm's providers and samples, so they tell none apart: a company's
# legal form, "services", "clients", "business".
GENERIC_WORDS = frozenset(
    """ltd limited inc llc plc group team help business businesses company services service
    client clients""".split()  # noqa: SIM905
)
