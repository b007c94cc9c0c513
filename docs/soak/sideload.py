"""Side load for the soak (docs/reliability.md): every RPC besides the
loadgen's ScoreCandidate(s), new connections, cancelled streams, deadlines,
made-up (typo) names, PutRole/DeleteRole. Bounded in time; loopback only.

    pip install grpcio grpcio-tools grpcio-health-checking grpcio-reflection
    python3 -m grpc_tools.protoc -Iproto --python_out=STUBS --grpc_python_out=STUBS \
        rolefit/v1/rolefit.proto
    STUBS=STUBS python3 docs/soak/sideload.py 127.0.0.1:56371 870
"""
import os, sys, time, random, string, grpc
sys.path.insert(0, os.environ.get('STUBS', '.'))
from rolefit.v1 import rolefit_pb2 as pb, rolefit_pb2_grpc as pbg
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

addr, seconds = sys.argv[1], float(sys.argv[2])
if not addr.startswith(('127.', 'localhost', '[::1]')):
    sys.exit('refusing a non-loopback address')
HERE = os.path.dirname(os.path.abspath(__file__))
PAGE = open(os.path.join(HERE, '../../tests/fixtures/pages/engineering-manager-payments.md')).read()
rnd = random.Random(7)
def word(n): return ''.join(rnd.choice(string.ascii_lowercase) for _ in range(n))
def cand(i, uniq=False):
    names = ['python', 'kubernetes', 'postgres', 'Kubernates', 'golang']
    if uniq: names += [word(8), 'pythn' + word(2), word(5) + ' ' + word(6)]
    return pb.Candidate(id=f's-{i}', skills=[pb.SkillClaim(name=n, level=3, years=2) for n in names],
                        years_experience=5, resume_text='Worked with ' + word(7) + ' and Terraform.' if uniq else '')
end = time.time() + seconds
counts = {}
errs = {}
i = 0
ch = None
roles = []
while time.time() < end:
    if i % 50 == 0:
        if ch: ch.close()
        ch = grpc.insecure_channel(addr)
        stub = pbg.RoleFitServiceStub(ch)
    k = i % 10
    try:
        if k == 0:
            r = stub.ListRoles(pb.ListRolesRequest(), timeout=5); roles = [x.role_id for x in r.roles]; op = 'list'
        elif k == 1 and roles:
            stub.GetRole(pb.GetRoleRequest(role_id=rnd.choice(roles)), timeout=5); op = 'get'
        elif k == 2:
            stub.RankCandidates(pb.RankCandidatesRequest(role_id=roles[0] if roles else 'x', candidates=[cand(j, True) for j in range(30)], top_k=5), timeout=5); op = 'rank'
        elif k == 3:
            stub.ScoreCandidate(pb.ScoreCandidateRequest(candidate=cand(i, True), top_k=3, explain=True), timeout=5); op = 'score-uniq'
        elif k == 4:
            health_pb2_grpc.HealthStub(ch).Check(health_pb2.HealthCheckRequest(service=''), timeout=5); op = 'health'
        elif k == 5:
            rs = reflection_pb2_grpc.ServerReflectionStub(ch)
            list(rs.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services='')]), timeout=5)); op = 'reflect'
        elif k == 6:
            # a stream cancelled mid-way
            it = stub.ScoreCandidates(iter([pb.ScoreCandidateRequest(candidate=cand(j, True), top_k=2) for j in range(40)]), timeout=5)
            for n, _ in enumerate(it):
                if n == 10: it.cancel(); break
            op = 'stream-cancel'
        elif k == 7:
            try:
                stub.RankCandidates(pb.RankCandidatesRequest(role_id=roles[0] if roles else 'x', candidates=[cand(j, True) for j in range(2000)]), timeout=0.002)
            except grpc.RpcError as e:
                if e.code() not in (grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.CANCELLED): raise
            op = 'deadline'
        elif k == 8 and i % 200 == 8:
            stub.PutRole(pb.PutRoleRequest(page_id='soak-page', markdown=PAGE.replace('Payments', 'Payments ' + word(4))), timeout=30); op = 'put'
        elif k == 9 and i % 200 == 109:
            stub.DeleteRole(pb.DeleteRoleRequest(page_id='soak-page'), timeout=30); op = 'delete'
        else:
            op = 'skip'
        counts[op] = counts.get(op, 0) + 1
    except grpc.RpcError as e:
        key = (k, str(e.code()), e.details()[:80])
        errs[key] = errs.get(key, 0) + 1
    i += 1
    time.sleep(0.01)
print('counts', counts)
print('errors', errs)
