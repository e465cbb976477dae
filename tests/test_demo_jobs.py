"The demo's job pool: spawned workers of one torch thread each, the parent down to one thread meanwhile and restored after."
import torch

from dmgd.demo import job_pool


def test_spawned_pool_runs_one_thread_workers():
    n0 = torch.get_num_threads()
    with job_pool(2) as p:
        assert torch.get_num_threads() == 1
        assert [f.result() for f in [p.submit(torch.get_num_threads) for _ in range(4)]] == [1]*4
        assert p.submit(pow, 2, 10).result() == 1024
    assert torch.get_num_threads() == n0
