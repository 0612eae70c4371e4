import { expect, type Page, test } from '@playwright/test';
import { resolve } from 'node:path';

/** A real Langflow flow export, the sample documented with the template. */
const FLOW_EXPORT = resolve(
  __dirname,
  '../../../templates/create-agent/examples/support-bot.flow.json',
);

/** The guest's Backstage token, to ask the registry what the template created. */
async function guestToken(page: Page): Promise<string> {
  const res = await page.request.get(
    '/api/auth/guest/refresh?env=development',
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(res.ok()).toBeTruthy();
  return (await res.json()).backstageIdentity.token;
}

test('a seller creates an agent from a Langflow flow export with the template', async ({
  page,
}) => {
  test.setTimeout(180_000);
  // A new name per run: the registry keeps agents for the backend's lifetime.
  const name = `e2e-bot-${Date.now().toString(36)}`;

  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();

  await page.goto('/create');
  const card = page
    .locator('.MuiCard-root')
    .filter({ hasText: 'Create an AI agent from a Langflow flow' });
  await card.getByRole('button', { name: 'Choose' }).click();

  // 1. The agent
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page
    .getByRole('textbox', { name: 'Display name' })
    .fill('E2E Support Bot');
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill('Agent Builders');
  await page.getByRole('option', { name: /Agent Builders/ }).click();
  await page.getByRole('button', { name: 'Next' }).click();

  // 2. The flow export, uploaded as a file
  await page.locator('input[type="file"]').setInputFiles(FLOW_EXPORT);
  await expect(page.getByText('support-bot.flow.json')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();

  // 3. Persona
  await page
    .getByRole('textbox', { name: 'System prompt' })
    .fill('You are Sam, the Acme Widgets support agent.');
  await page
    .getByRole('textbox', { name: 'Welcome message' })
    .fill('Hi, I am Sam from Acme Widgets!');
  await page.getByRole('button', { name: 'Next' }).click();

  // 4. Plans: keep the preset Starter plan, add a Pro plan.
  await page.getByRole('button', { name: 'Add Item' }).click();
  await page.locator('#root_plans_1_name').fill('pro');
  await page
    .getByRole('button', { name: /^Tier / })
    .nth(1)
    .click();
  await page.getByRole('option', { name: 'Pro', exact: true }).click();
  await page.locator('#root_plans_1_includedCalls').fill('10000');
  await page.locator('#root_plans_1_monthly').fill('99.00');
  await page.getByRole('button', { name: 'Review' }).click();

  // The review lists the answers; the upload appears as a label, not as its contents.
  await expect(page.getByText(name, { exact: true })).toBeVisible();
  await expect(page.getByText('A Langflow flow export (JSON)')).toBeVisible();
  await expect(page.getByText(/data:application\/json/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Create' }).click();

  // The task runs; its output links to the new agent in the catalog.
  const agentLink = page.getByRole('link', {
    name: 'Open the agent in the catalog',
  });
  await expect(agentLink).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByText(
      `agent:default/${name} is registered; version 1.0.0 is published.`,
      { exact: false },
    ),
  ).toBeVisible();
  await page.screenshot({
    path: test.info().outputPath('task-done.png'),
    fullPage: true,
  });

  // The catalog picks the agent up from the registry within seconds.
  await agentLink.click();
  await expect(page).toHaveURL(new RegExp(`/catalog/default/agent/${name}`));
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByRole('heading', { name: 'Agent', exact: true }),
    ).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByText('Hi, I am Sam from Acme Widgets!')).toBeVisible();
  const plans = page.getByRole('table', { name: 'Pricing plans' });
  await expect(plans.getByText('29.00 EUR / month')).toBeVisible();
  await expect(
    plans.getByRole('row', {
      name: /pro pro 10,000 calls included 99\.00 EUR \/ month/,
    }),
  ).toBeVisible();
  await page.screenshot({
    path: test.info().outputPath('agent-page.png'),
    fullPage: true,
  });

  // Its first version is published: the registry says 1.0.0 is the default.
  const token = await guestToken(page);
  const agent = await page.request.get(
    `/api/agent-registry/v1/agents/${name}`,
    {
      headers: { Authorization: `Bearer ${token}` },
    },
  );
  expect(agent.ok()).toBeTruthy();
  expect(await agent.json()).toMatchObject({
    entityRef: `agent:default/${name}`,
    title: 'E2E Support Bot',
    owner: 'group:default/agent-builders',
    defaultVersion: '1.0.0',
    latestVersion: '1.0.0',
    runtime: { flowId: '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' },
  });
});
