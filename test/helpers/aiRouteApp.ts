// A three-module FastAPI app for project-model tests: a router mounted under a prefix whose handler calls a helper
// in another module; the helper comes in two versions, one calling a model (AI_HELPER) and one not.

export const MAIN = `from fastapi import FastAPI
from .routes import router

app = FastAPI()
app.include_router(router, prefix="/api/v1")
`;

export const ROUTES = `from fastapi import APIRouter
from .helpers import ask_model

router = APIRouter(prefix="/chat")


@router.post("/ask")
async def ask(q: str):
    return ask_model(q)
`;

export const PLAIN_HELPER = `def ask_model(q):
    return q.upper()
`;

export const AI_HELPER = `from openai import OpenAI

client = OpenAI()


def ask_model(q):
    r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": q}])
    return r.choices[0].message.content
`;

/** What `preflight lint --format json` prints per finding (the fields these tests read). */
export interface LintFinding {
  path: string;
  line: number;
  column: number;
  ruleId: string;
  message: string;
}
