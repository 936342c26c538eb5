"""Domain signals of scheduling: what later stages start when exam results are published or
amended, without scheduling importing them (certificates connects to them in its
AppConfig.ready(): it opens or takes back the certificate and asks for the result letter).

Each is sent inside the transaction that publishes or amends, after the change it announces,
so a receiver's writes commit or roll back with it. A receiver that cannot do its part raises
portal.handoffs.HandOffRefused; the publication or amendment is then refused with its reason
(scheduling.results.ResultError) and nothing of it is kept.
"""

from django.dispatch import Signal

# A candidate's result was published and the application moved to its published status (passed,
# failed, or verified again when absent). Sent once per candidate, sender Result, with result,
# application and actor (the head of panel). A refusal names the candidate.
result_published = Signal()

# Every result of a session was published (after result_published for each one). Sent once per
# session, sender ExamSession, with session, results (a list of Result) and actor.
results_published = Signal()

# A published pass is being amended to a fail: sent before the application moves, sender Result,
# with result, application, actor and reason (the amendment's, told to the candidate).
pass_withdrawn = Signal()

# A published result was amended; when its outcome changed, the application has moved. Sender
# Result, with result (as amended), application, actor, outcome_before and reason. A refusal
# names the candidate.
result_amended = Signal()
