// The checklist with the language server's shared project model: the same verdicts as the CLI's checklist,
// which builds a model of its own from the index, and the index then keeps no second copy of the model facts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateChecklist } from '../../server/src/checklist/evaluate';
import { WorkspaceIndex } from '../../server/src/checklist/workspaceIndex';
import { buildProjectModel } from '../../server/src/model/build';
import { tempRepo } from '../helpers/gitRepo';

const ROUTES = `from fastapi import APIRouter

router = APIRouter()

@router.delete("/items/{item_id}")
def remove(item_id: int):
    return {"removed": item_id}
`;
const APP = `import os
from fastapi import FastAPI
from .routes import router

app = FastAPI()
app.include_router(router, prefix="/api")
KEY = os.environ["OPENAI_API_KEY"]
`;

test('a shared model gives the verdicts of an own model, and the index keeps no model facts', async () => {
  const repo = tempRepo();
  try {
    repo.write('app/routes.py', ROUTES);
    repo.write('app/main.py', APP);
    repo.write('requirements.txt', 'fastapi\n');
    const own = new WorkspaceIndex(repo.dir);
    const alone = await evaluateChecklist(repo.dir, { index: own });
    const shared = new WorkspaceIndex(repo.dir);
    const model = await buildProjectModel([repo.dir]);
    const withModel = await evaluateChecklist(repo.dir, { index: shared, model });

    const states = (r: typeof alone): string[] => r.items.map((i) => `${i.id}: ${i.status}`);
    assert.deepEqual(states(withModel), states(alone));
    const auth = alone.items.find((i) => i.id === 'endpoint-auth');
    assert.equal(auth?.status, 'fail', 'the DELETE route without auth fails the item');
    assert.match(JSON.stringify(auth), /\/api\/items/, 'with its full path');

    assert.ok(
      own.facts().some((f) => f.model),
      "the CLI way keeps each file's model facts",
    );
    assert.ok(!shared.facts().some((f) => f.model), 'with a shared model the index keeps none');
    assert.deepEqual(
      shared.facts().map((f) => f.envReads.map((r) => r.name)),
      own.facts().map((f) => f.envReads.map((r) => r.name)),
      'environment reads are still taken',
    );
  } finally {
    repo.remove();
  }
});
