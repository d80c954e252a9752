//! Known ways an IAM principal turns the permissions it has into more than it was given, and
//! the other risky groups of permissions (data exfiltration, resource exposure, credentials
//! exposure), as data: the one list the rules, their documentation and the tests read.
//!
//! The privilege-escalation methods follow the public research — Rhino Security Labs' "AWS IAM
//! privilege escalation" methods, Bishop Fox's attack vectors, pathfinding.cloud's catalogue of
//! paths, PMapper's edge checks and Cloudsplaining's `PRIVILEGE_ESCALATION_METHODS` — in our
//! own words. Each lists *every* action the method needs; a method is reachable only when the
//! principal's effective permissions allow all of them.
//!
//! "Effective" means [`crate::evaluate`]'s answer: an Allow cancelled by an explicit Deny or
//! not within the permission boundary is not counted. Each action is asked on every resource
//! (`Resource: "*"`), the way Cloudsplaining reports "actions without resource constraints": a
//! grant scoped to named resources is not counted, since whether those resources are more
//! privileged than the principal is not known from the policies. Conditions are read as
//! "satisfiable by some request": an Allow with a condition counts (a region, MFA or source-IP
//! condition does not stop an escalation once it holds), and a Deny with a condition does not
//! cancel (some request escapes it); a Deny without conditions does.
//!
//! Must never: list an action the catalogue does not hold (a test checks), or panic.

use crate::context::Context;
use crate::evaluate::{Decision, Policies, Request, evaluate};
use crate::policy::{Effect, Policy};
use crate::principal::Principal;
use std::collections::BTreeMap;

/// One known privilege-escalation method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Method {
    /// Stable id (`iam-create-policy-version`): never reused for another method.
    pub id: &'static str,
    pub name: &'static str,
    /// What the principal does, in one or two sentences.
    pub description: &'static str,
    /// Every action the method needs.
    pub actions: &'static [&'static str],
    /// On which resource the actions must be allowed for the method to work; empty when any
    /// resource of the kind will do.
    pub resources: &'static str,
}

/// A group of single actions each risky on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RiskGroup {
    pub id: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub actions: &'static [&'static str],
}

const PASS: &str = "iam:PassRole";

/// Every known privilege-escalation method.
pub const METHODS: &[Method] = &[
    // policies: changing what a principal's own policies say
    Method {
        id: "iam-create-policy-version",
        name: "Create a new version of a managed policy",
        description: "Writes a new default version of a customer-managed policy attached to the principal, with any permissions it likes (`--set-as-default` needs no other permission).",
        actions: &["iam:CreatePolicyVersion"],
        resources: "a customer-managed policy attached to the principal",
    },
    Method {
        id: "iam-set-default-policy-version",
        name: "Switch a managed policy to an older version",
        description: "Makes a non-default version of an attached customer-managed policy the default, when an older version grants more.",
        actions: &["iam:SetDefaultPolicyVersion"],
        resources: "a customer-managed policy attached to the principal with a more permissive version",
    },
    Method {
        id: "iam-attach-user-policy",
        name: "Attach a managed policy to a user",
        description: "Attaches `AdministratorAccess` (or any managed policy) to itself or to a user whose credentials it holds.",
        actions: &["iam:AttachUserPolicy"],
        resources: "",
    },
    Method {
        id: "iam-attach-group-policy",
        name: "Attach a managed policy to a group",
        description: "Attaches a powerful managed policy to a group the principal (a user) belongs to.",
        actions: &["iam:AttachGroupPolicy"],
        resources: "a group the user is a member of",
    },
    Method {
        id: "iam-attach-role-policy",
        name: "Attach a managed policy to a role and assume it",
        description: "Attaches a powerful managed policy to a role it can assume, then assumes it.",
        actions: &["iam:AttachRolePolicy", "sts:AssumeRole"],
        resources: "a role whose trust policy lets the principal assume it",
    },
    Method {
        id: "iam-put-user-policy",
        name: "Write an inline policy on a user",
        description: "Adds an inline policy granting anything to itself or another user it controls.",
        actions: &["iam:PutUserPolicy"],
        resources: "",
    },
    Method {
        id: "iam-put-group-policy",
        name: "Write an inline policy on a group",
        description: "Adds an inline policy granting anything to a group the principal belongs to.",
        actions: &["iam:PutGroupPolicy"],
        resources: "a group the user is a member of",
    },
    Method {
        id: "iam-put-role-policy",
        name: "Write an inline policy on a role and assume it",
        description: "Adds an inline policy granting anything to a role it can assume, then assumes it.",
        actions: &["iam:PutRolePolicy", "sts:AssumeRole"],
        resources: "a role whose trust policy lets the principal assume it",
    },
    Method {
        id: "iam-add-user-to-group",
        name: "Add a user to a more privileged group",
        description: "Adds itself (or a user it controls) to a group with more permissions, such as an administrators group.",
        actions: &["iam:AddUserToGroup"],
        resources: "a group with more permissions",
    },
    Method {
        id: "iam-delete-role-permissions-boundary",
        name: "Remove a role's permissions boundary",
        description: "Deletes the permissions boundary of a role it uses, so the role's identity policies apply in full.",
        actions: &["iam:DeleteRolePermissionsBoundary"],
        resources: "a role with a boundary narrower than its policies",
    },
    Method {
        id: "iam-delete-user-permissions-boundary",
        name: "Remove a user's permissions boundary",
        description: "Deletes the permissions boundary of itself or a user it controls, so the identity policies apply in full.",
        actions: &["iam:DeleteUserPermissionsBoundary"],
        resources: "a user with a boundary narrower than its policies",
    },
    Method {
        id: "iam-put-role-permissions-boundary",
        name: "Replace a role's permissions boundary",
        description: "Sets a permissive managed policy as the boundary of a role it uses, lifting the limit the old boundary set.",
        actions: &["iam:PutRolePermissionsBoundary"],
        resources: "a role with a boundary narrower than its policies",
    },
    Method {
        id: "iam-put-user-permissions-boundary",
        name: "Replace a user's permissions boundary",
        description: "Sets a permissive managed policy as the boundary of itself or a user it controls.",
        actions: &["iam:PutUserPermissionsBoundary"],
        resources: "a user with a boundary narrower than its policies",
    },
    Method {
        id: "iam-delete-role-policy",
        name: "Delete a role's inline deny policy",
        description: "Deletes an inline policy of a role it uses whose Deny statements were all that stood between the role and more access.",
        actions: &["iam:DeleteRolePolicy"],
        resources: "a role held back by an inline Deny",
    },
    Method {
        id: "iam-detach-role-policy",
        name: "Detach a role's managed deny policy",
        description: "Detaches a managed policy of a role it uses whose Deny statements were all that stood between the role and more access.",
        actions: &["iam:DetachRolePolicy"],
        resources: "a role held back by an attached Deny",
    },
    Method {
        id: "iam-delete-user-policy",
        name: "Delete a user's inline deny policy",
        description: "Deletes an inline policy of itself or a user it controls whose Deny statements held the user back.",
        actions: &["iam:DeleteUserPolicy"],
        resources: "a user held back by an inline Deny",
    },
    Method {
        id: "iam-detach-user-policy",
        name: "Detach a user's managed deny policy",
        description: "Detaches a managed policy of itself or a user it controls whose Deny statements held the user back.",
        actions: &["iam:DetachUserPolicy"],
        resources: "a user held back by an attached Deny",
    },
    // trust and credentials: becoming another principal
    Method {
        id: "iam-update-assume-role-policy",
        name: "Rewrite a role's trust policy and assume it",
        description: "Changes the trust policy of a more privileged role to trust itself, then assumes the role.",
        actions: &["iam:UpdateAssumeRolePolicy", "sts:AssumeRole"],
        resources: "a more privileged role",
    },
    Method {
        id: "iam-create-access-key",
        name: "Create an access key for another user",
        description: "Creates a new access key for a more privileged user and signs requests as that user.",
        actions: &["iam:CreateAccessKey"],
        resources: "a more privileged user with fewer than two keys",
    },
    Method {
        id: "iam-create-login-profile",
        name: "Create a console password for another user",
        description: "Gives a more privileged user without a console password one it chooses, and signs in as that user.",
        actions: &["iam:CreateLoginProfile"],
        resources: "a more privileged user with no console password",
    },
    Method {
        id: "iam-update-login-profile",
        name: "Change another user's console password",
        description: "Resets the console password of a more privileged user and signs in as that user.",
        actions: &["iam:UpdateLoginProfile"],
        resources: "a more privileged user with a console password",
    },
    Method {
        id: "iam-create-role-and-assume",
        name: "Create a role trusting itself, with a powerful policy",
        description: "Creates a new role whose trust policy names itself, attaches a powerful managed policy and assumes it.",
        actions: &["iam:CreateRole", "iam:AttachRolePolicy", "sts:AssumeRole"],
        resources: "",
    },
    // passing a role to new compute
    Method {
        id: "ec2-run-instances",
        name: "Launch an EC2 instance with a privileged role",
        description: "Launches an instance with the instance profile of a more privileged role and reads the role's credentials from the instance metadata (through user data or a shell).",
        actions: &[PASS, "ec2:RunInstances"],
        resources: "an instance profile of a more privileged role",
    },
    Method {
        id: "ec2-request-spot-instances",
        name: "Request a spot instance with a privileged role",
        description: "Requests a spot instance with a more privileged instance profile and user data that sends out the role's credentials.",
        actions: &[PASS, "ec2:RequestSpotInstances"],
        resources: "an instance profile of a more privileged role",
    },
    Method {
        id: "ec2-associate-iam-instance-profile",
        name: "Attach a privileged instance profile to a running instance",
        description: "Associates a more privileged instance profile with an instance it can already reach.",
        actions: &[PASS, "ec2:AssociateIamInstanceProfile"],
        resources: "an instance it can log in to, and a more privileged instance profile",
    },
    Method {
        id: "ec2-replace-iam-instance-profile-association",
        name: "Swap an instance's profile for a privileged one",
        description: "Replaces the instance profile of an instance it can reach with a more privileged one.",
        actions: &[PASS, "ec2:ReplaceIamInstanceProfileAssociation"],
        resources: "an instance it can log in to, and a more privileged instance profile",
    },
    Method {
        id: "ec2-modify-instance-user-data",
        name: "Rewrite the user data of an instance with a role",
        description: "Stops an instance that has a privileged role, replaces its user data with a script that runs at boot, and starts it again.",
        actions: &[
            "ec2:ModifyInstanceAttribute",
            "ec2:StopInstances",
            "ec2:StartInstances",
        ],
        resources: "an instance with a more privileged role",
    },
    Method {
        id: "ec2-launch-template-version",
        name: "Change the launch template of an Auto Scaling group",
        description: "Creates a new launch template version with its own user data (and a privileged profile) and makes it the default, so the next instances run its code.",
        actions: &[
            "ec2:CreateLaunchTemplateVersion",
            "ec2:ModifyLaunchTemplate",
        ],
        resources: "a launch template used by instances with a more privileged role",
    },
    Method {
        id: "ec2-instance-connect",
        name: "Push an SSH key to an instance with a role",
        description: "Sends a temporary SSH key with EC2 Instance Connect, logs in to an instance with a privileged role and uses the role's credentials.",
        actions: &["ec2-instance-connect:SendSSHPublicKey"],
        resources: "a reachable instance with a more privileged role",
    },
    Method {
        id: "ec2-serial-console",
        name: "Open the serial console of an instance with a role",
        description: "Sends a key for the EC2 serial console and takes over an instance with a privileged role.",
        actions: &["ec2-instance-connect:SendSerialConsoleSSHPublicKey"],
        resources: "an instance with a more privileged role",
    },
    Method {
        id: "autoscaling-launch-configuration",
        name: "Create an Auto Scaling group with a privileged role",
        description: "Creates a launch configuration with a privileged instance profile and user data, and a group that launches it.",
        actions: &[
            PASS,
            "autoscaling:CreateLaunchConfiguration",
            "autoscaling:CreateAutoScalingGroup",
        ],
        resources: "an instance profile of a more privileged role",
    },
    Method {
        id: "iam-instance-profile-and-run",
        name: "Build an instance profile for a privileged role and launch it",
        description: "Creates an instance profile, adds a privileged role to it and launches an instance with it.",
        actions: &[
            "iam:CreateInstanceProfile",
            "iam:AddRoleToInstanceProfile",
            PASS,
            "ec2:RunInstances",
        ],
        resources: "a more privileged role that EC2 may assume",
    },
    // running commands on compute that already has a role
    Method {
        id: "ssm-send-command",
        name: "Run a command on an instance with a role",
        description: "Runs a shell command through Systems Manager on a managed instance with a privileged role and reads the role's credentials.",
        actions: &["ssm:SendCommand"],
        resources: "a managed instance with a more privileged role",
    },
    Method {
        id: "ssm-start-session",
        name: "Open a shell on an instance with a role",
        description: "Starts a Session Manager session on a managed instance with a privileged role.",
        actions: &["ssm:StartSession"],
        resources: "a managed instance with a more privileged role",
    },
    Method {
        id: "ssm-create-association",
        name: "Associate a command document with an instance with a role",
        description: "Creates a State Manager association that runs a command document on managed instances with privileged roles.",
        actions: &["ssm:CreateAssociation"],
        resources: "managed instances with a more privileged role",
    },
    Method {
        id: "ecs-execute-command",
        name: "Open a shell in a running ECS task",
        description: "Runs a command in a container of a task with a privileged task role (ECS Exec).",
        actions: &["ecs:ExecuteCommand"],
        resources: "a task with a more privileged task role and ECS Exec enabled",
    },
    // Lambda
    Method {
        id: "lambda-create-and-invoke",
        name: "Create a Lambda function with a privileged role and invoke it",
        description: "Creates a function whose execution role is more privileged, with code that uses the role, and invokes it.",
        actions: &[PASS, "lambda:CreateFunction", "lambda:InvokeFunction"],
        resources: "a more privileged role that Lambda may assume",
    },
    Method {
        id: "lambda-create-and-event-source",
        name: "Create a Lambda function with a privileged role and an event trigger",
        description: "Creates a function with a privileged execution role and an event source mapping (a DynamoDB or Kinesis stream, a queue) that invokes it.",
        actions: &[
            PASS,
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping",
        ],
        resources: "a more privileged role that Lambda may assume",
    },
    Method {
        id: "lambda-create-and-add-permission",
        name: "Create a Lambda function with a privileged role and let itself invoke it",
        description: "Creates a function with a privileged execution role and a resource policy that lets an account it controls invoke it.",
        actions: &[PASS, "lambda:CreateFunction", "lambda:AddPermission"],
        resources: "a more privileged role that Lambda may assume",
    },
    Method {
        id: "lambda-create-and-function-url",
        name: "Create a Lambda function with a privileged role behind a URL",
        description: "Creates a function with a privileged execution role and a function URL, and calls the URL.",
        actions: &[
            PASS,
            "lambda:CreateFunction",
            "lambda:CreateFunctionUrlConfig",
            "lambda:InvokeFunctionUrl",
        ],
        resources: "a more privileged role that Lambda may assume",
    },
    Method {
        id: "lambda-update-function-code",
        name: "Replace the code of a function with a role",
        description: "Uploads new code to an existing function whose execution role is more privileged; the next invocation runs it.",
        actions: &["lambda:UpdateFunctionCode"],
        resources: "a function with a more privileged execution role",
    },
    Method {
        id: "lambda-update-function-configuration",
        name: "Add a layer or change the runtime of a function with a role",
        description: "Adds a layer (or an environment variable such as a wrapper script) to a function with a privileged role, so its code runs on the next invocation.",
        actions: &["lambda:UpdateFunctionConfiguration"],
        resources: "a function with a more privileged execution role",
    },
    // Glue
    Method {
        id: "glue-create-dev-endpoint",
        name: "Create a Glue development endpoint with a privileged role",
        description: "Creates a development endpoint with a privileged role and an SSH key of its own, and uses the role from the endpoint.",
        actions: &[PASS, "glue:CreateDevEndpoint"],
        resources: "a more privileged role that Glue may assume",
    },
    Method {
        id: "glue-update-dev-endpoint",
        name: "Add an SSH key to an existing Glue development endpoint",
        description: "Puts its own SSH key on an endpoint whose role is more privileged and logs in.",
        actions: &["glue:UpdateDevEndpoint"],
        resources: "a development endpoint with a more privileged role",
    },
    Method {
        id: "glue-create-job",
        name: "Create and run a Glue job with a privileged role",
        description: "Creates a job with a privileged role and a script of its own, and starts it.",
        actions: &[PASS, "glue:CreateJob", "glue:StartJobRun"],
        resources: "a more privileged role that Glue may assume",
    },
    Method {
        id: "glue-update-job",
        name: "Change and run an existing Glue job",
        description: "Changes the role or script of an existing job to a privileged role and its own script, and starts it.",
        actions: &[PASS, "glue:UpdateJob", "glue:StartJobRun"],
        resources: "a more privileged role that Glue may assume",
    },
    Method {
        id: "glue-interactive-session",
        name: "Start a Glue interactive session with a privileged role",
        description: "Creates an interactive session with a privileged role and runs its own statements in it.",
        actions: &[PASS, "glue:CreateSession", "glue:RunStatement"],
        resources: "a more privileged role that Glue may assume",
    },
    // CloudFormation
    Method {
        id: "cloudformation-create-stack",
        name: "Create a CloudFormation stack with a privileged service role",
        description: "Creates a stack whose service role is more privileged; the template creates whatever it likes (a new administrator, a key).",
        actions: &[PASS, "cloudformation:CreateStack"],
        resources: "a more privileged role that CloudFormation may assume",
    },
    Method {
        id: "cloudformation-update-stack",
        name: "Update a stack that has a privileged service role",
        description: "Updates an existing stack with a template of its own; the stack's service role carries it out.",
        actions: &["cloudformation:UpdateStack"],
        resources: "a stack with a more privileged service role",
    },
    Method {
        id: "cloudformation-change-set",
        name: "Create and execute a change set on a stack with a privileged role",
        description: "Creates a change set with a template of its own on a stack with a privileged service role, and executes it.",
        actions: &[
            "cloudformation:CreateChangeSet",
            "cloudformation:ExecuteChangeSet",
        ],
        resources: "a stack with a more privileged service role",
    },
    Method {
        id: "cloudformation-stack-set",
        name: "Create a stack set with a privileged execution role",
        description: "Creates a stack set and stack instances whose administration or execution role is more privileged.",
        actions: &[
            PASS,
            "cloudformation:CreateStackSet",
            "cloudformation:CreateStackInstances",
        ],
        resources: "a more privileged stack set administration role",
    },
    // CodeBuild
    Method {
        id: "codebuild-create-project",
        name: "Create and start a CodeBuild project with a privileged role",
        description: "Creates a build project with a privileged service role and a buildspec of its own, and starts a build.",
        actions: &[PASS, "codebuild:CreateProject", "codebuild:StartBuild"],
        resources: "a more privileged role that CodeBuild may assume",
    },
    Method {
        id: "codebuild-update-project",
        name: "Change and start an existing CodeBuild project",
        description: "Changes a project's service role or buildspec and starts a build.",
        actions: &[PASS, "codebuild:UpdateProject", "codebuild:StartBuild"],
        resources: "a more privileged role that CodeBuild may assume",
    },
    Method {
        id: "codebuild-start-build-override",
        name: "Start a build with an overriding buildspec",
        description: "Starts a build of an existing project with a `buildspecOverride`, so its own commands run with the project's service role.",
        actions: &["codebuild:StartBuild"],
        resources: "a project with a more privileged service role",
    },
    Method {
        id: "codebuild-start-build-batch-override",
        name: "Start a batch build with an overriding buildspec",
        description: "Starts a batch build of an existing project with an overriding buildspec.",
        actions: &["codebuild:StartBuildBatch"],
        resources: "a project with a more privileged service role",
    },
    // SageMaker
    Method {
        id: "sagemaker-create-notebook",
        name: "Create a SageMaker notebook with a privileged role",
        description: "Creates a notebook instance with a privileged execution role and opens it through a presigned URL.",
        actions: &[
            PASS,
            "sagemaker:CreateNotebookInstance",
            "sagemaker:CreatePresignedNotebookInstanceUrl",
        ],
        resources: "a more privileged role that SageMaker may assume",
    },
    Method {
        id: "sagemaker-presigned-notebook-url",
        name: "Open an existing SageMaker notebook",
        description: "Creates a presigned URL for an existing notebook instance whose role is more privileged and uses its terminal.",
        actions: &["sagemaker:CreatePresignedNotebookInstanceUrl"],
        resources: "a notebook instance with a more privileged role",
    },
    Method {
        id: "sagemaker-notebook-lifecycle-config",
        name: "Inject a lifecycle script into an existing notebook",
        description: "Creates a lifecycle configuration with its own script, attaches it to a stopped notebook with a privileged role and starts it.",
        actions: &[
            "sagemaker:CreateNotebookInstanceLifecycleConfig",
            "sagemaker:StopNotebookInstance",
            "sagemaker:UpdateNotebookInstance",
            "sagemaker:StartNotebookInstance",
        ],
        resources: "a notebook instance with a more privileged role",
    },
    Method {
        id: "sagemaker-create-training-job",
        name: "Run a SageMaker training job with a privileged role",
        description: "Starts a training job with a privileged role and a container image of its own.",
        actions: &[PASS, "sagemaker:CreateTrainingJob"],
        resources: "a more privileged role that SageMaker may assume",
    },
    Method {
        id: "sagemaker-create-processing-job",
        name: "Run a SageMaker processing job with a privileged role",
        description: "Starts a processing job with a privileged role and a container image of its own.",
        actions: &[PASS, "sagemaker:CreateProcessingJob"],
        resources: "a more privileged role that SageMaker may assume",
    },
    // ECS
    Method {
        id: "ecs-run-task",
        name: "Run an ECS task with a privileged task role",
        description: "Registers a task definition with a privileged task role and a container of its own, and runs it.",
        actions: &[PASS, "ecs:RegisterTaskDefinition", "ecs:RunTask"],
        resources: "a more privileged role that ECS tasks may assume",
    },
    Method {
        id: "ecs-start-task",
        name: "Start an ECS task with a privileged task role",
        description: "Registers a task definition with a privileged task role and starts it on a container instance.",
        actions: &[PASS, "ecs:RegisterTaskDefinition", "ecs:StartTask"],
        resources: "a more privileged role that ECS tasks may assume",
    },
    Method {
        id: "ecs-create-service",
        name: "Create an ECS service with a privileged task role",
        description: "Registers a task definition with a privileged task role and creates a service that keeps it running.",
        actions: &[PASS, "ecs:RegisterTaskDefinition", "ecs:CreateService"],
        resources: "a more privileged role that ECS tasks may assume",
    },
    Method {
        id: "ecs-update-service",
        name: "Point an ECS service at a task definition with a privileged role",
        description: "Registers a task definition with a privileged task role and updates an existing service to run it.",
        actions: &[PASS, "ecs:RegisterTaskDefinition", "ecs:UpdateService"],
        resources: "a more privileged role that ECS tasks may assume",
    },
    // other services that run code with a passed role
    Method {
        id: "datapipeline-create-pipeline",
        name: "Create a Data Pipeline with a privileged role",
        description: "Creates a pipeline whose resource role is more privileged, defines a shell activity of its own and activates it.",
        actions: &[
            PASS,
            "datapipeline:CreatePipeline",
            "datapipeline:PutPipelineDefinition",
            "datapipeline:ActivatePipeline",
        ],
        resources: "a more privileged role that Data Pipeline may assume",
    },
    Method {
        id: "apprunner-create-service",
        name: "Create an App Runner service with a privileged instance role",
        description: "Creates a service with a privileged instance role and a start command of its own.",
        actions: &[PASS, "apprunner:CreateService"],
        resources: "a more privileged role that App Runner may assume",
    },
    Method {
        id: "apprunner-update-service",
        name: "Change an App Runner service that has a role",
        description: "Changes the image or start command of a service whose instance role is more privileged.",
        actions: &["apprunner:UpdateService"],
        resources: "a service with a more privileged instance role",
    },
    Method {
        id: "batch-submit-job",
        name: "Run an AWS Batch job with a privileged role",
        description: "Registers a job definition with a privileged job role and a container of its own, and submits a job.",
        actions: &[PASS, "batch:RegisterJobDefinition", "batch:SubmitJob"],
        resources: "a more privileged role that Batch jobs may assume",
    },
    Method {
        id: "emr-run-job-flow",
        name: "Launch an EMR cluster with a privileged role",
        description: "Launches a cluster whose EC2 instance profile is more privileged, with steps of its own.",
        actions: &[PASS, "elasticmapreduce:RunJobFlow"],
        resources: "a more privileged EMR instance profile role",
    },
    Method {
        id: "states-create-state-machine",
        name: "Create and start a Step Functions state machine with a privileged role",
        description: "Creates a state machine with a privileged role whose states call AWS APIs of its choosing, and starts it.",
        actions: &[PASS, "states:CreateStateMachine", "states:StartExecution"],
        resources: "a more privileged role that Step Functions may assume",
    },
    Method {
        id: "states-update-state-machine",
        name: "Change and start a state machine that has a role",
        description: "Rewrites the definition of a state machine with a privileged role and starts it.",
        actions: &["states:UpdateStateMachine", "states:StartExecution"],
        resources: "a state machine with a more privileged role",
    },
    Method {
        id: "codestar-create-project",
        name: "Create a CodeStar project with a privileged role",
        description: "Creates a CodeStar project whose service role (or template) grants more than the principal has.",
        actions: &[PASS, "codestar:CreateProject"],
        resources: "a more privileged CodeStar service role",
    },
    Method {
        id: "eks-create-access-entry",
        name: "Grant itself cluster-admin on an EKS cluster",
        description: "Creates an access entry for itself on a cluster and associates the cluster-admin access policy, reaching the pods' roles.",
        actions: &["eks:CreateAccessEntry", "eks:AssociateAccessPolicy"],
        resources: "a cluster whose workloads have more privileged roles",
    },
];

/// Reading data out of the account's stores.
pub const DATA_EXFILTRATION: RiskGroup = RiskGroup {
    id: "data-exfiltration",
    name: "Data exfiltration",
    description: "Actions that read the content of data stores, secrets or keys, so whoever holds them can copy the data out.",
    actions: &[
        "s3:GetObject",
        "s3:GetObjectVersion",
        "secretsmanager:GetSecretValue",
        "ssm:GetParameter",
        "ssm:GetParameters",
        "ssm:GetParametersByPath",
        "kms:Decrypt",
        "dynamodb:Scan",
        "dynamodb:Query",
        "dynamodb:BatchGetItem",
        "dynamodb:ExportTableToPointInTime",
        "kinesis:GetRecords",
        "sqs:ReceiveMessage",
        "lambda:GetFunction",
        "ebs:GetSnapshotBlock",
        "rds:CopyDBSnapshot",
    ],
};

/// Changing who else may reach a resource.
pub const RESOURCE_EXPOSURE: RiskGroup = RiskGroup {
    id: "resource-exposure",
    name: "Resource exposure",
    description: "Actions that change a resource's policy, ACL or sharing, so whoever holds them can open the resource to another account or to everyone.",
    actions: &[
        "s3:PutBucketPolicy",
        "s3:DeleteBucketPolicy",
        "s3:PutBucketAcl",
        "s3:PutObjectAcl",
        "s3:PutBucketPublicAccessBlock",
        "s3:PutAccountPublicAccessBlock",
        "sns:AddPermission",
        "sns:SetTopicAttributes",
        "sqs:AddPermission",
        "sqs:SetQueueAttributes",
        "lambda:AddPermission",
        "lambda:AddLayerVersionPermission",
        "ecr:SetRepositoryPolicy",
        "ecr-public:SetRepositoryPolicy",
        "kms:PutKeyPolicy",
        "kms:CreateGrant",
        "secretsmanager:PutResourcePolicy",
        "glacier:SetVaultAccessPolicy",
        "es:UpdateDomainConfig",
        "es:UpdateElasticsearchDomainConfig",
        "ec2:ModifySnapshotAttribute",
        "ec2:ModifyImageAttribute",
        "rds:ModifyDBSnapshotAttribute",
        "rds:ModifyDBClusterSnapshotAttribute",
        "backup:PutBackupVaultAccessPolicy",
        "elasticfilesystem:PutFileSystemPolicy",
        "glue:PutResourcePolicy",
        "logs:PutResourcePolicy",
        "ram:CreateResourceShare",
        "events:PutPermission",
        "iam:UpdateAssumeRolePolicy",
    ],
};

/// Minting credentials or tokens that act for a principal.
pub const CREDENTIALS_EXPOSURE: RiskGroup = RiskGroup {
    id: "credentials-exposure",
    name: "Credentials exposure",
    description: "Actions that create or return credentials, passwords or tokens, so whoever holds them can hand out access that outlives the session.",
    actions: &[
        "iam:CreateAccessKey",
        "iam:UpdateAccessKey",
        "iam:CreateLoginProfile",
        "iam:UpdateLoginProfile",
        "iam:CreateServiceSpecificCredential",
        "iam:ResetServiceSpecificCredential",
        "iam:UploadSSHPublicKey",
        "sts:GetFederationToken",
        "sts:GetSessionToken",
        "sts:AssumeRole",
        "ecr:GetAuthorizationToken",
        "codeartifact:GetAuthorizationToken",
        "redshift:GetClusterCredentials",
        "redshift:GetClusterCredentialsWithIAM",
        "rds-db:connect",
        "cognito-identity:GetCredentialsForIdentity",
        "ec2:GetPasswordData",
        "lightsail:GetInstanceAccessDetails",
        "gamelift:RequestUploadCredentials",
        "codepipeline:PollForJobs",
        "sagemaker:CreatePresignedDomainUrl",
    ],
};

/// The three groups of single risky actions, in report order.
pub const RISK_GROUPS: [&RiskGroup; 3] = [
    &DATA_EXFILTRATION,
    &RESOURCE_EXPOSURE,
    &CREDENTIALS_EXPOSURE,
];

/// The escalation methods `principal` can use with `policies`: those whose every action is
/// effectively allowed on every resource (see the module documentation for what counts).
pub fn escalation_methods(policies: &Policies, principal: &Principal) -> Vec<Method> {
    let mut oracle = Oracle::new(policies, principal);
    METHODS
        .iter()
        .filter(|m| m.actions.iter().all(|a| oracle.allows(a)))
        .copied()
        .collect()
}

/// The actions of `group` that `principal` is effectively allowed on every resource.
pub fn risky_actions(
    policies: &Policies,
    principal: &Principal,
    group: &RiskGroup,
) -> Vec<&'static str> {
    let mut oracle = Oracle::new(policies, principal);
    group
        .actions
        .iter()
        .copied()
        .filter(|a| oracle.allows(a))
        .collect()
}

/// Whether `principal` is effectively allowed `action` on every resource, conditions read as
/// satisfiable (see the module documentation).
pub fn allowed_everywhere(policies: &Policies, principal: &Principal, action: &str) -> bool {
    Oracle::new(policies, principal).allows(action)
}

/// Asks the evaluator, once per action, on the policies read as "satisfiable by some request".
struct Oracle<'a> {
    policies: Policies,
    principal: &'a Principal,
    answers: BTreeMap<String, bool>,
}

impl<'a> Oracle<'a> {
    fn new(policies: &Policies, principal: &'a Principal) -> Oracle<'a> {
        Oracle {
            policies: satisfiable(policies),
            principal,
            answers: BTreeMap::new(),
        }
    }

    fn allows(&mut self, action: &str) -> bool {
        let key = action.to_ascii_lowercase();
        if let Some(answer) = self.answers.get(&key) {
            return *answer;
        }
        // same account, so a resource policy is not needed and the identity side decides
        let account = self.principal.account().unwrap_or_default().to_string();
        let request = Request {
            principal: self.principal.clone(),
            action: action.to_string(),
            resource: "*".into(),
            resource_account: account,
            context: Context::default(),
        };
        let answer = evaluate(&request, &self.policies).decision == Decision::Allowed;
        self.answers.insert(key, answer);
        answer
    }
}

/// The policies with every Allow's conditions taken as met and every conditional Deny left
/// out: what some request could be allowed.
fn satisfiable(policies: &Policies) -> Policies {
    let open = |p: &Policy| Policy {
        kind: p.kind,
        statements: p
            .statements
            .iter()
            .filter(|s| s.effect == Effect::Allow || s.conditions.is_empty())
            .map(|s| {
                let mut s = s.clone();
                s.conditions.clear();
                s
            })
            .collect(),
    };
    let levels = |levels: &[Vec<Policy>]| -> Vec<Vec<Policy>> {
        levels
            .iter()
            .map(|level| level.iter().map(open).collect())
            .collect()
    };
    Policies {
        identity: policies.identity.iter().map(open).collect(),
        permission_boundary: policies.permission_boundary.as_ref().map(open),
        session: policies.session.as_ref().map(open),
        resource: policies.resource.as_ref().map(open),
        vpc_endpoint: policies.vpc_endpoint.as_ref().map(open),
        scps: levels(&policies.scps),
        rcps: levels(&policies.rcps),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyKind;
    use std::collections::BTreeSet;

    fn principal() -> Principal {
        Principal::parse("arn:aws:iam::111122223333:role/app").unwrap_or(Principal::Anonymous)
    }

    fn policy(statements: &str, kind: PolicyKind) -> Policy {
        let text = format!(r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#);
        Policy::parse_str(&text, kind).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn allow(actions: &[&str]) -> String {
        let list: Vec<String> = actions.iter().map(|a| format!("\"{a}\"")).collect();
        format!(
            r#"{{"Effect":"Allow","Action":[{}],"Resource":"*"}}"#,
            list.join(",")
        )
    }

    fn identity(statements: &str) -> Policies {
        Policies {
            identity: vec![policy(statements, PolicyKind::Identity)],
            ..Policies::default()
        }
    }

    fn ids(policies: &Policies) -> BTreeSet<&'static str> {
        escalation_methods(policies, &principal())
            .iter()
            .map(|m| m.id)
            .collect()
    }

    #[test]
    fn the_table_is_large_and_its_ids_are_unique() {
        assert!(METHODS.len() >= 50, "{} methods", METHODS.len());
        let unique: BTreeSet<&str> = METHODS.iter().map(|m| m.id).collect();
        assert_eq!(unique.len(), METHODS.len(), "duplicate method id");
        let groups: BTreeSet<&str> = RISK_GROUPS.iter().map(|g| g.id).collect();
        assert_eq!(groups.len(), RISK_GROUPS.len());
        for m in METHODS {
            assert!(!m.actions.is_empty() && !m.name.is_empty() && !m.description.is_empty());
            let distinct: BTreeSet<String> =
                m.actions.iter().map(|a| a.to_ascii_lowercase()).collect();
            assert_eq!(
                distinct.len(),
                m.actions.len(),
                "{} repeats an action",
                m.id
            );
        }
    }

    #[test]
    fn every_listed_action_is_in_the_catalogue() {
        let catalogue = crate::catalogue::catalogue().unwrap_or_else(|e| panic!("{e}"));
        let listed = METHODS
            .iter()
            .flat_map(|m| m.actions.iter().map(move |a| (m.id, *a)))
            .chain(
                RISK_GROUPS
                    .iter()
                    .flat_map(|g| g.actions.iter().map(move |a| (g.id, *a))),
            );
        let missing: Vec<String> = listed
            .filter(|(_, a)| catalogue.action(a).is_none())
            .map(|(id, a)| format!("{id}: {a}"))
            .collect();
        assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
    }

    #[test]
    fn each_method_is_triggered_by_its_actions_and_by_no_fewer() {
        for m in METHODS {
            let all = identity(&allow(m.actions));
            assert!(ids(&all).contains(m.id), "{} with all its actions", m.id);
            for missing in m.actions {
                let rest: Vec<&str> = m.actions.iter().copied().filter(|a| a != missing).collect();
                if rest.is_empty() {
                    assert!(!ids(&Policies::default()).contains(m.id));
                    continue;
                }
                assert!(
                    !ids(&identity(&allow(&rest))).contains(m.id),
                    "{} without {missing}",
                    m.id
                );
            }
        }
    }

    #[test]
    fn a_deny_or_a_boundary_removes_each_method() {
        for m in METHODS {
            for removed in m.actions {
                let denied = identity(&format!(
                    r#"{},{{"Effect":"Deny","Action":"{removed}","Resource":"*"}}"#,
                    allow(m.actions)
                ));
                assert!(!ids(&denied).contains(m.id), "{} denied {removed}", m.id);
                let rest: Vec<&str> = m.actions.iter().copied().filter(|a| a != removed).collect();
                let mut bounded = identity(&allow(m.actions));
                bounded.permission_boundary = Some(policy(
                    &if rest.is_empty() {
                        allow(&["rampart-test:Nothing"])
                    } else {
                        allow(&rest)
                    },
                    PolicyKind::PermissionBoundary,
                ));
                assert!(
                    !ids(&bounded).contains(m.id),
                    "{} bounded without {removed}",
                    m.id
                );
            }
        }
    }

    #[test]
    fn wildcards_grant_and_scoped_resources_do_not() {
        let passrole =
            identity(r#"{"Effect":"Allow","Action":["iam:Pass*","ec2:Run*"],"Resource":"*"}"#);
        assert!(ids(&passrole).contains("ec2-run-instances"));
        let scoped = identity(
            r#"{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances"],"Resource":"arn:aws:iam::111122223333:role/web"}"#,
        );
        assert!(!ids(&scoped).contains("ec2-run-instances"));
        let not_action = identity(r#"{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}"#);
        let found = ids(&not_action);
        assert!(found.contains("ssm-send-command"));
        assert!(!found.contains("iam-create-policy-version"));
    }

    #[test]
    fn conditions_are_read_as_satisfiable() {
        // a conditional Allow still opens the method; a conditional Deny does not close it
        let conditional_allow = identity(
            r#"{"Effect":"Allow","Action":"iam:CreatePolicyVersion","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}"#,
        );
        assert!(ids(&conditional_allow).contains("iam-create-policy-version"));
        let conditional_deny = identity(&format!(
            r#"{},{{"Effect":"Deny","Action":"iam:*","Resource":"*","Condition":{{"BoolIfExists":{{"aws:MultiFactorAuthPresent":"false"}}}}}}"#,
            allow(&["iam:CreatePolicyVersion"])
        ));
        assert!(ids(&conditional_deny).contains("iam-create-policy-version"));
    }

    #[test]
    fn risk_groups_are_effective_too() {
        let p = identity(&format!(
            r#"{},{{"Effect":"Deny","Action":"ssm:GetParameters","Resource":"*"}}"#,
            allow(&["s3:GetObject", "ssm:GetParameter*"])
        ));
        let found = risky_actions(&p, &principal(), &DATA_EXFILTRATION);
        assert_eq!(
            found,
            vec![
                "s3:GetObject",
                "ssm:GetParameter",
                "ssm:GetParametersByPath"
            ]
        );
        let exposure = identity(&allow(&["lambda:AddPermission"]));
        assert_eq!(
            risky_actions(&exposure, &principal(), &RESOURCE_EXPOSURE),
            vec!["lambda:AddPermission"]
        );
        assert!(risky_actions(&exposure, &principal(), &CREDENTIALS_EXPOSURE).is_empty());
        assert!(allowed_everywhere(
            &exposure,
            &principal(),
            "LAMBDA:addpermission"
        ));
    }
}
